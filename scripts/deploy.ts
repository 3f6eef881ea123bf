// `npm run deploy`: this Worker to Cloudflare, with the checks and in the order docs/deploy-and-operate.md
// describes (scripts/deploy/steps.ts). Runs on the project's Node 22 (npm
// scripts put node_modules/.bin first), with nothing but the stdlib and the wrangler CLI.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { text } from "node:stream/consumers";
import { fileURLToPath } from "node:url";
import { parseDeployArgs, USAGE } from "./deploy/args.ts";
import { DeployStop } from "./deploy/deps.ts";
import { deploy } from "./deploy/steps.ts";
import { systemWrangler } from "./deploy/wrangler.ts";

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// npm runs scripts in the project directory; a path the user typed is relative to where they were.
const userDir = process.env.INIT_CWD ?? process.cwd();

async function readInput(from: string): Promise<string> {
  if (from !== "-") return readFile(resolve(userDir, from), "utf8");
  if (process.stdin.isTTY) throw new Error('"--tokens -" reads stdin: pipe the file in (< tokens.json)');
  return text(process.stdin);
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseDeployArgs>;
  try {
    parsed = parseDeployArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const outcome = await deploy(parsed.options, {
      wrangler: systemWrangler(projectDir),
      projectDir,
      readInput,
      fetch,
      env: process.env,
      log: (line = "") => console.log(line),
    });
    return outcome === "deployed-misconfigured" ? 1 : 0;
  } catch (error) {
    if (!(error instanceof DeployStop)) throw error;
    console.error(`\nStopped: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main();
