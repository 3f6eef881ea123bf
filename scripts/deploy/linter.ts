// The linter Worker (linter/wrangler.toml) in `npm run deploy`: bundled at the offline checks
// (its size says which plan it needs), deployed before the main Worker (whose LINTER service
// binding must find it), and left out where the account cannot take it: over Workers Free's
// 3 MiB, the main Worker is deployed without its LINTER binding and lint tasks are not started.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DeployDeps, DeployStop } from "./deps.ts";
import { plain, wranglerSaid } from "./wrangler.ts";

export const LINTER_CONFIG = "linter/wrangler.toml";
/** The main Worker's configuration without the LINTER binding, written beside wrangler.toml (its paths are relative). */
export const WITHOUT_LINTER_CONFIG = ".wrangler-without-linter.toml";
/** Workers' size limits after compression (developers.cloudflare.com/workers/platform/limits, read 2026-12-06). */
const FREE_LIMIT_KIB = 3 * 1024;
const PAID_LIMIT_KIB = 10 * 1024;

export const hasLinter = (projectDir: string) => existsSync(join(projectDir, LINTER_CONFIG));

/** "Total Upload: 11534.07 KiB / gzip: 3957.67 KiB" -> 3957.67 */
export function gzipKib(text: string): number | undefined {
  const found = /Total Upload:\s*[\d.]+\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(plain(text));
  return found ? Number(found[1]) : undefined;
}

/** `wrangler deploy --dry-run` of the linter Worker: it bundles, and the plan its size needs. */
export async function checkLinterBundle(deps: DeployDeps): Promise<void> {
  const outdir = await mkdtemp(join(tmpdir(), "fasthooks-deploy-"));
  try {
    const result = await deps.wrangler({ args: ["deploy", "--dry-run", "--config", LINTER_CONFIG, "--outdir", outdir] });
    if (result.code !== 0) throw new DeployStop(`wrangler deploy --dry-run of the linter Worker failed:\n    ${wranglerSaid(result)}`);
    const kib = gzipKib(result.stdout);
    const size = kib === undefined ? "of a size wrangler did not say" : `${Math.round(kib).toLocaleString("en")} KiB gzipped`;
    const plan =
      kib === undefined || kib <= FREE_LIMIT_KIB
        ? "fits any plan"
        : kib <= PAID_LIMIT_KIB
          ? "over Workers Free's 3 MiB, so it needs Workers Paid (on Free the main Worker is deployed without it)"
          : "over Workers Paid's 10 MiB: it cannot be deployed";
    deps.log(`   the linter Worker (${LINTER_CONFIG}) bundles, ${size}: ${plan}`);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** Deploys the linter Worker; false when the account's plan is too small for it. */
export async function deployLinter(deps: DeployDeps): Promise<boolean> {
  const result = await deps.wrangler({ args: ["deploy", "--config", LINTER_CONFIG], echo: true });
  if (result.code === 0) return true;
  if (/code: 10027\]|exceeded the size limit/.test(plain(result.stderr + result.stdout))) {
    deps.log(
      "   The linter Worker is over this account's size limit (Workers Free: 3 MiB gzipped): the main Worker is deployed without its LINTER binding, so no lint task is started. On Workers Paid, run npm run deploy again.",
    );
    return false;
  }
  throw new DeployStop("wrangler deploy of the linter Worker failed: its output is above (the main Worker was not deployed)");
}

/**
 * wrangler.toml without its `[[services]]` table that binds LINTER: a binding to a Worker that
 * is not there fails the deploy. Read line by line, as wrangler-config.ts reads the file.
 */
export function withoutLinterBinding(toml: string): string {
  const lines = toml.split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === "[[services]]") {
      let end = i + 1;
      while (end < lines.length && !lines[end]!.trim().startsWith("[")) end++;
      if (lines.slice(i, end).some((line) => /^\s*binding\s*=\s*"LINTER"/.test(line))) {
        i = end - 1;
        continue;
      }
    }
    kept.push(lines[i]!);
  }
  return kept.join("\n");
}

/** Whether wrangler.toml binds LINTER (a team may have removed it with linter/). */
export const bindsLinter = (toml: string) => withoutLinterBinding(toml) !== toml;

/** Runs `deploy` with a copy of wrangler.toml that has no LINTER binding, removed after. */
export async function withConfigWithoutLinter<T>(projectDir: string, run: (configArgs: string[]) => Promise<T>): Promise<T> {
  const path = join(projectDir, WITHOUT_LINTER_CONFIG);
  await writeFile(path, withoutLinterBinding(await readFile(join(projectDir, "wrangler.toml"), "utf8")));
  try {
    return await run(["--config", WITHOUT_LINTER_CONFIG]);
  } finally {
    await rm(path, { force: true });
  }
}
