// A local Worker (wrangler's own runtime: workerd, Durable Objects, alarms, queues) on a free
// loopback port, with bench tokens, for benchmarks that measure it from outside.
import { unstable_startWorker } from "wrangler";

export const BENCH_TOKEN = "bench-token-0123456789";

export interface LocalWorker {
  url: URL;
  dispose(): Promise<void>;
}

export async function startLocalWorker(): Promise<LocalWorker> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: {
      FASTHOOKS_TOKENS: {
        type: "plain_text",
        value: JSON.stringify({ [BENCH_TOKEN]: { team: "bench", member: "bench", admin: true } }),
      },
    },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist: false, logLevel: "error" },
  });
  return { url: await worker.url, dispose: () => worker.dispose() };
}
