// A stand-in for `wrangler dev` (a test puts a shell shim named `wrangler` on PATH that runs
// this): it writes its arguments to $FAKE_DEV_LOG, then serves a health check on the port it was
// given, as our Worker would, until SIGTERM. $FAKE_DEV_FAIL makes it exit at once with that code.
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";

const args = process.argv.slice(2);
writeFileSync(process.env.FAKE_DEV_LOG!, JSON.stringify(args));
if (process.env.FAKE_DEV_FAIL) process.exit(Number(process.env.FAKE_DEV_FAIL));
const at = args.indexOf("--port");
const port = Number(at === -1 ? args.find((arg) => arg.startsWith("--port="))?.slice("--port=".length) : args[at + 1]);
const server = createServer((_req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ status: "ok", time: Date.now() }));
});
server.listen(port, "localhost", () => console.log(`Ready on http://localhost:${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
