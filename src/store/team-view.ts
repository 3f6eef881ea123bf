import type { AddRequest, ListRequest, PutRequest, TaskFilter, TaskStore, WaitUntil } from "../tasks/backend";
import { type Actor, isRefused, type Refused } from "../tasks/permissions";
import { type AddResult, type TaskResult, TaskStatus } from "../tasks/result";

/** The team's store as a session's store reaches it: its `TaskStore`, and `snapshot`. */
export interface TeamStoreStub extends TaskStore {
  snapshot(keys: string[]): Promise<Record<string, TaskResult | null>>;
}

/** The keys a session follows in the team's store (Follows, in the session's SQL). */
export interface FollowedKeys {
  keys(): string[];
  note(key: string, state: TaskResult | null): void;
}

/**
 * The team's store as one hook's handlers see it, from inside the session's store. The first
 * read brings, in one call, the state of every key the session follows (and of the keys read in
 * the same tick); later reads of those keys are answered from it. So a handler that reads ten
 * reviews one after another waits for one call to the team's store, not ten. Writes go to the
 * team's store at once (each its own call) and update what the hook has seen. What a hook reads
 * is the team's state as of its first read: a hook lasts seconds, and the next one reads afresh.
 */
export class TeamView implements TaskStore {
  /** The states read this hook, by key (null: no such task); absent keys are asked for. */
  #seen: Promise<Map<string, TaskResult | null>> | null = null;
  /** Keys asked for in the tick the first read was made, sent with it. */
  #gathering: Set<string> | null = null;

  constructor(
    private readonly team: TeamStoreStub,
    private readonly follows: FollowedKeys,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<TaskResult | null> {
    const seen = await this.#read(key);
    if (seen.has(key)) return live(seen.get(key)!, this.now());
    return this.#remember(key, await this.team.get(key));
  }

  async has(key?: string): Promise<boolean> {
    if (key === undefined) return this.team.has();
    return (await this.get(key))?.status === TaskStatus.COMPLETED;
  }

  async add(request: AddRequest): Promise<AddResult | Refused> {
    const added = await this.team.add(request);
    if (!isRefused(added)) this.#remember(request.key, added.result);
    return added;
  }

  async put(request: PutRequest): Promise<TaskResult | Refused> {
    const state = await this.team.put(request);
    if (!isRefused(state)) this.#remember(request.key, state);
    return state;
  }

  async pop(key: string, actor?: Actor): Promise<{ value: unknown } | null | Refused> {
    const popped = await this.team.pop(key, actor);
    if (popped && !isRefused(popped)) this.#remember(key, null);
    return popped;
  }

  async cancel(key: string, actor?: Actor): Promise<boolean | Refused> {
    const cancelled = await this.team.cancel(key, actor);
    await this.#forget(key);
    return cancelled;
  }

  // What reads or changes many keys at once goes to the team's store, and what this hook has
  // seen is read afresh after a change.
  list(request: ListRequest) {
    return this.team.list(request);
  }

  keys(filter: TaskFilter, limit: number) {
    return this.team.keys(filter, limit);
  }

  wait(keys: string[], until: WaitUntil, timeoutMs: number) {
    return this.team.wait(keys, until, timeoutMs);
  }

  popAll(actor?: Actor) {
    return this.#afterAll(this.team.popAll(actor));
  }

  popErrors(actor?: Actor) {
    return this.#afterAll(this.team.popErrors(actor));
  }

  cancelAll(actor?: Actor) {
    return this.#afterAll(this.team.cancelAll(actor));
  }

  /** What this hook has seen, the first time with the followed keys and `key` read in one call. */
  #read(key: string): Promise<Map<string, TaskResult | null>> {
    if (this.#seen) {
      this.#gathering?.add(key);
      return this.#seen;
    }
    const followed = new Set(this.follows.keys());
    const wanted = new Set([...followed, key]);
    this.#gathering = wanted;
    this.#seen = (async () => {
      // Reads started in the same tick (Promise.all of gets) join this call.
      await Promise.resolve();
      this.#gathering = null;
      const states = await this.team.snapshot([...wanted]);
      const seen = new Map(Object.entries(states));
      // Written only what changes: a key newly followed, or one gone (each row written is billed).
      for (const [seenKey, state] of seen) if (state === null || !followed.has(seenKey)) this.follows.note(seenKey, state);
      return seen;
    })();
    // A failed read is not kept: the next one tries again.
    this.#seen.catch(() => {
      this.#seen = null;
    });
    return this.#seen;
  }

  #remember(key: string, state: TaskResult | null): TaskResult | null {
    this.follows.note(key, state);
    void this.#seen?.then((seen) => seen.set(key, state)).catch(() => {});
    return state;
  }

  async #forget(key: string): Promise<void> {
    const seen = await this.#seen?.catch(() => null);
    seen?.delete(key);
  }

  async #afterAll<T>(change: Promise<T>): Promise<T> {
    const result = await change;
    this.#seen = null;
    return result;
  }
}

/** A state read earlier in the hook, unless it has expired since. */
function live(state: TaskResult | null, now: number): TaskResult | null {
  return state && state.expiresAt !== null && state.expiresAt <= now ? null : state;
}
