// The linter Worker (linter/) for the tests: built as a deploy builds it (`wrangler deploy
// --dry-run`: its bundle and Ruff's .wasm beside it), once per test run, then run by
// Miniflare as the Worker the LINTER service binding names.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { unstable_readConfig } from "wrangler";

const LINTER_CONFIG = "linter/wrangler.toml";

let built: Promise<string> | undefined;

/** The directory of the linter Worker's build: made once per process, whichever project asks first. */
export function buildLinterWorker(): Promise<string> {
  built ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), "fasthooks-linter-"));
    await promisify(execFile)(
      resolve("node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--config", LINTER_CONFIG, "--outdir", outdir],
      { env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" } },
    );
    return outdir;
  })();
  return built;
}

/** Miniflare's options for the built linter Worker: its name, its modules, its compatibility. */
export function linterWorkerOptions(outdir: string) {
  const config = unstable_readConfig({ config: LINTER_CONFIG });
  const wasm = readdirSync(outdir).filter((file) => file.endsWith(".wasm"));
  return {
    name: config.name!,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    modulesRoot: outdir,
    modules: [
      { type: "ESModule" as const, path: join(outdir, "index.js") },
      ...wasm.map((file) => ({ type: "CompiledWasm" as const, path: join(outdir, file) })),
    ],
  };
}

/** For a Worker whose tests lint nothing: the name the LINTER binding needs, and no linter. */
export const NO_LINTER = {
  name: unstable_readConfig({ config: LINTER_CONFIG }).name!,
  modules: true,
  script: "export default { fetch: () => new Response('no linter in these tests', { status: 404 }) };",
  compatibilityDate: "2026-11-01",
};
