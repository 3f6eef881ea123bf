// `npm run deploy -- [--tokens FILE] [--dry-run]`
import { parseArgs } from "node:util";
import type { DeployOptions } from "./steps.ts";

export const USAGE = `Usage: npm run deploy -- [--tokens FILE] [--dry-run]

Deploys this Worker to Cloudflare, in order: checks what needs no network (the tokens file,
the bundle, no FASTHOOKS_LOCAL), the Cloudflare login, creates the queues if missing, checks
the secrets (uploading FASTHOOKS_TOKENS from --tokens), deploys, asks the deployed Worker for
its health check and prints the next steps.

  --tokens FILE   check FILE ({"<token>": {"team", "member", "admin"?}}) and upload it as
                  FASTHOOKS_TOKENS; "-" reads it from stdin. Without it, the secret must be set.
  --dry-run       only the checks that need no network, and the commands a deploy would run
  -h, --help      this text

Login: \`npx wrangler login\`, or CLOUDFLARE_API_TOKEN (+ CLOUDFLARE_ACCOUNT_ID). See docs/deploy-and-operate.md.`;

export type ParsedArgs = { help: true } | { help: false; options: DeployOptions };

/** Throws a TypeError (with node's own message) on an unknown or malformed option. */
export function parseDeployArgs(argv: string[]): ParsedArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tokens: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  return { help: false, options: { dryRun: values["dry-run"] ?? false, tokensFrom: values.tokens } };
}
