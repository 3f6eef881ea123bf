// Builds the CLI (client/src) into one executable file that Node 20 starts fast.
import { chmodSync } from "node:fs";
import { build } from "esbuild";

const outfile = "client/dist/fasthooks-workers.js";
await build({
  entryPoints: ["client/src/main.ts"],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(outfile, 0o755);
