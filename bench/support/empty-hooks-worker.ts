// The local runtime's own floor for an HTTP hook: a Worker that answers every request `{}` once
// its body has arrived, started as the real one is (test/support/local-worker.ts, wrangler.toml's
// bindings and assets) and so measured under the same `wrangler dev`. With `?store`, it first
// makes one call to a Durable Object that answers `{}` at once: the floor of a hook that goes
// through its session's store (bench/hook-layers.ts).
import { DurableObject } from "cloudflare:workers";

export class SessionStore extends DurableObject<Env> {
  async hook(): Promise<Record<string, never>> {
    return {};
  }
}

export class TeamIndex extends DurableObject<Env> {}

export default {
  async fetch(request, env) {
    await request.arrayBuffer();
    if (!new URL(request.url).searchParams.has("store")) return Response.json({});
    const stores = env.SESSION_STORE as unknown as DurableObjectNamespace<SessionStore>;
    return Response.json(await stores.get(stores.idFromName("floor")).hook());
  },
} satisfies ExportedHandler<Env>;
