// A real local Worker (wrangler's own runtime: workerd, Durable Objects, alarms, queues) on a
// free loopback port, for the Node-side tests and the benchmarks.
import { unstable_readConfig, unstable_startWorker } from "wrangler";
import { NO_ENV_FILES } from "./wrangler-worker.ts";

export interface TokenOwner {
  team: string;
  member: string;
  admin?: boolean;
}

export interface LocalWorker {
  url: URL;
  dispose(): Promise<void>;
}

/** The Worker of the Node-side tests: the framework serving a fixture app, never the team's (src/app/). */
export const FIXTURE_WORKER = "test/client/fixture/worker.ts";

/** The Worker of `entrypoint`, with wrangler.toml's bindings and these tokens and vars. */
export async function startLocalWorker(
  tokens: Record<string, TokenOwner>,
  vars: Record<string, string>,
  entrypoint: string,
  /** A port of its own (default: any free one): a test restarts a Worker where its pages expect it. */
  port = 0,
  /** Bindings over wrangler.toml's, as wrangler types them ({ type: "service", service, entrypoint }). */
  bindings: Record<string, Record<string, unknown>> = {},
): Promise<LocalWorker> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  // Its runtime's own chatter (each queue batch, the assets' header rules) is info: a test shows
  // warnings and errors, and the Worker's console.error (WRANGLER_LOG=debug shows everything).
  process.env.WRANGLER_LOG ??= "warn";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    entrypoint,
    // wrangler.toml's [vars] and these, never a developer's .dev.vars or .env: deployed (not
    // FASTHOOKS_LOCAL, not strict) unless the caller says otherwise.
    envFiles: NO_ENV_FILES,
    bindings: {
      ...Object.fromEntries(
        Object.entries({ ...vars, FASTHOOKS_TOKENS: JSON.stringify(tokens) }).map(([name, value]) => [
          name,
          { type: "plain_text" as const, value },
        ]),
      ),
      // wrangler.toml binds LINTER to the linter Worker, which does not run here, and a binding to
      // a Worker that is not there stops the runtime: the fixture Workers lint nothing, so it
      // names the Worker itself (a test that lints binds it to a linter, see test/claude-code).
      LINTER: { type: "service" as const, service: unstable_readConfig({ config: "wrangler.toml" }).name },
      ...(bindings as Record<string, { type: "plain_text"; value: string }>),
    },
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, persist: false, logLevel: "error" },
  });
  const url = await worker.url;
  // A Worker the runtime refused to load (a Durable Object class wrangler.toml binds but the
  // entrypoint does not export, say) still gets a URL, where every request hangs: fail here.
  try {
    await fetch(url, { signal: AbortSignal.timeout(60_000) }).then((response) => response.arrayBuffer());
  } catch (error) {
    await worker.dispose();
    throw new Error(`the local Worker of ${entrypoint} does not answer (see wrangler's errors above)`, { cause: error });
  }
  return { url, dispose: () => worker.dispose() };
}
