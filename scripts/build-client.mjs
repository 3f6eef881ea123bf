// Builds the CLI (client/src) into client/dist, the files of the `fasthooks-workers` package
// (client/package.json): fasthooks-workers.js, the bin, holds the command shim alone (every hook
// starts a Node process that loads it), and cli.js the other commands, which the bin loads only
// for them. Everything the CLI uses is bundled: the package installs with no dependencies.
import { chmodSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";

const client = join(dirname(fileURLToPath(import.meta.url)), "..", "client");
const outdir = join(client, "dist");

/**
 * The CLI needs two sets of events from src/hooks/event-table.ts (the decision events and those
 * Claude Code sends no HTTP hook): it gets them, derived from the table here, not the table
 * itself, which would make every hook's shim load half as much again.
 */
const eventSets = {
  name: "event-sets",
  setup(build) {
    build.onResolve({ filter: /\/event-table$/ }, (args) => ({ path: args.path, namespace: "event-sets" }));
    build.onLoad({ filter: /.*/, namespace: "event-sets" }, async () => {
      const table = await esbuild({
        entryPoints: [join(client, "..", "src/hooks/event-table.ts")],
        bundle: true,
        write: false,
        format: "esm",
      });
      const { DECISION_EVENTS, COMMAND_ONLY_EVENTS } = await import(
        `data:text/javascript,${encodeURIComponent(table.outputFiles[0].text)}`
      );
      const set = (events) => `new Set(${JSON.stringify([...events])})`;
      return { contents: `export const DECISION_EVENTS = ${set(DECISION_EVENTS)}, COMMAND_ONLY_EVENTS = ${set(COMMAND_ONLY_EVENTS)};` };
    });
  },
};
rmSync(outdir, { recursive: true, force: true });
await esbuild({
  plugins: [eventSets],
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
