// Which port `npm start` serves on: the one asked for (`npm start -- --port 9000`), else
// wrangler's default 8787 or, when that is busy, the next free one (as wrangler itself would,
// but chosen here, so that the URL is known and can be printed).
import { createServer } from "node:net";

/** wrangler dev's own default port. */
export const DEFAULT_PORT = 8787;
/** How many ports after the default are tried, as wrangler tries them. */
export const PORTS_TO_TRY = 10;

/** The `--port N` or `--port=N` among wrangler dev's arguments, if any. */
export function portArg(args: readonly string[]): number | undefined {
  for (const [i, arg] of args.entries()) {
    const value = arg === "--port" ? args[i + 1] : arg.startsWith("--port=") ? arg.slice("--port=".length) : undefined;
    if (value !== undefined) {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new Error(`--port must be a port number, not "${value}"`);
      return Number(value);
    }
  }
  return undefined;
}

/** Whether nothing listens on `port` of `host`: the same check wrangler makes, a listen that succeeds. */
export function isFree(port: number, host = "localhost"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port from `from` on, trying `count` ports in all; undefined when all are busy. */
export async function firstFreePort(from = DEFAULT_PORT, count = PORTS_TO_TRY + 1): Promise<number | undefined> {
  for (let port = from; port < from + count && port <= 65_535; port++) {
    if (await isFree(port)) return port;
  }
  return undefined;
}
