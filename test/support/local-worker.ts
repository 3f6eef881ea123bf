// A real local Worker (wrangler's own runtime: workerd, Durable Objects, alarms, queues) on a
// free loopback port, for the Node-side tests and the benchmarks.
import { unstable_startWorker } from "wrangler";

export interface TokenOwner {
  team: string;
  member: string;
  admin?: boolean;
}

export interface LocalWorker {
  url: URL;
  dispose(): Promise<void>;
}

export async function startLocalWorker(
  tokens: Record<string, TokenOwner>,
  vars: Record<string, string> = {},
  /** Another entry module than wrangler.toml's `main`, with the same bindings (a test's fixture app). */
  entrypoint?: string,
  /** A port of its own (default: any free one): a test restarts a Worker where its pages expect it. */
  port = 0,
): Promise<LocalWorker> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    ...(entrypoint ? { entrypoint } : {}),
    // .dev.vars may be absent (CI): the tokens are given here.
    bindings: Object.fromEntries(
      // Not local unless asked, even where a developer's .dev.vars says so.
      Object.entries({ FASTHOOKS_LOCAL: "0", ...vars, FASTHOOKS_TOKENS: JSON.stringify(tokens) }).map(([name, value]) => [
        name,
        { type: "plain_text" as const, value },
      ]),
    ),
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, persist: false, logLevel: "error" },
  });
  return { url: await worker.url, dispose: () => worker.dispose() };
}
