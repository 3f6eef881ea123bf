// The local runtime's own floor for an HTTP hook: a Worker that answers every request `{}` once
// its body has arrived, started as the real one is (test/support/local-worker.ts, wrangler.toml's
// bindings and assets) and so measured under the same `wrangler dev`. Its Durable Object classes
// exist only because wrangler.toml binds them; nothing calls them.
import { DurableObject } from "cloudflare:workers";

export class SessionStore extends DurableObject<Env> {}
export class TeamIndex extends DurableObject<Env> {}

export default {
  async fetch(request) {
    await request.arrayBuffer();
    return Response.json({});
  },
} satisfies ExportedHandler<Env>;
