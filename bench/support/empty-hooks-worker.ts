// The local runtime's own floor for an HTTP hook: a Worker that answers every request `{}` once
// its body has arrived, started as the real one is (test/support/local-worker.ts, wrangler.toml's
// bindings and assets) and so measured under the same `wrangler dev`. With `?store=<shape>` it
// first makes one call to a Durable Object that does only what the shape says, the floors of a
// hook's store work (bench/hook-layers.ts): `read` nothing; `write` one row; `chain` a row, then
// a call to a second object that writes one, then a row again (a Write of a .py file's shape);
// `callFirst` the call to the second object first, then the two rows; `newObject` a row written
// by an object made for it (a new session's first hook).
import { DurableObject } from "cloudflare:workers";

export type Shape = "read" | "write" | "chain" | "callFirst" | "newObject";

export class SessionStore extends DurableObject<Env> {
  async hook(shape: Shape): Promise<Record<string, never>> {
    if (shape === "read") return {};
    if (shape === "newObject") {
      this.#write();
      return {};
    }
    if (shape === "callFirst") await floorStore(this.env, "floor-team").hook("write");
    this.#write();
    if (shape === "chain") {
      await floorStore(this.env, "floor-team").hook("write");
      this.#write();
    }
    return {};
  }

  #write(): void {
    const { sql } = this.ctx.storage;
    sql.exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)");
    sql.exec("INSERT INTO rows (at) VALUES (?)", Date.now());
  }
}

// The other classes wrangler.toml binds, which the runtime requires: never called here.
export class TeamIndex extends DurableObject<Env> {}
export class MemoryStore extends DurableObject<Env> {}

function floorStore(env: Env, name: string) {
  const stores = env.SESSION_STORE as unknown as DurableObjectNamespace<SessionStore>;
  return stores.get(stores.idFromName(name));
}

export default {
  async fetch(request, env) {
    await request.arrayBuffer();
    const shape = new URL(request.url).searchParams.get("store") as Shape | null;
    if (shape === null) return Response.json({});
    return Response.json(await floorStore(env, shape === "newObject" ? `floor-${crypto.randomUUID()}` : "floor").hook(shape));
  },
} satisfies ExportedHandler<Env>;
