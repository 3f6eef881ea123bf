// Builds the CLI (client/src) into client/dist, the files of the `fasthooks-workers` package
// (client/package.json): fasthooks-workers.js, the bin, holds the command shim alone (every hook
// starts a Node process that loads it), and cli.js the other commands, which the bin loads only
// for them. Everything the CLI uses is bundled: the package installs with no dependencies.
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const client = join(dirname(fileURLToPath(import.meta.url)), "..", "client");
const outdir = join(client, "dist");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { "fasthooks-workers": join(client, "src/bin.ts"), cli: join(client, "src/cli.ts") },
  outdir,
  bundle: true,
  // The bin reaches the rest of the CLI at run time, as the file beside it.
  external: ["./cli.js"],
  platform: "node",
  // The package's engines: Node 20 and later.
  target: "node20",
  // Libraries' ES modules first: a UMD build (jsonc-parser's "main") hides its imports from the bundler.
  mainFields: ["module", "main"],
  // CommonJS starts ~6 ms sooner than an ES module here: every hook pays Node's start-up.
  // client/package.json says "type": "commonjs" for these files.
  format: "cjs",
  minify: true,
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(join(outdir, "fasthooks-workers.js"), 0o755);
