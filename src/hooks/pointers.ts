/**
 * Team results shown on a session's next prompt. A handler that starts (or reuses) a result in
 * the team's store leaves a pointer to it in its session (`pointAt`: a session write, no team
 * call); on the next prompt `showPointed` reads the session's pointers and then every team
 * result they point at in one concurrent batch: one round trip to the team's store per prompt,
 * however many kinds and results (code reviews, prefetched pages...). Each kind says what a
 * prompt shows of its result, or that it waits for a later prompt.
 */
import type { z } from "zod";
import { TaskStatus, type TaskResult } from "../tasks/result";
import type { Tasks } from "../tasks/tasks";
import { LIMITS } from "../tasks/limits";
import type { HandlerFor } from "./registry";
import type { ResponseFor } from "./event-table";

/** What a session keeps: the team key of the result, and what the kind needs to show it. */
export interface Pointer {
  key: string;
}

export interface PointerKind<P extends Pointer = Pointer, T = unknown> {
  /**
   * The session keys' prefix ("pending_review:"): a kind's pointers and nothing else start with
   * it. Reserve it (`reserveKeys`) so that only the app's hooks write there.
   */
  prefix: string;
  /**
   * What a pointer holds, checked when it is read back: a value that is not one (an older app's,
   * a bug's) is dropped, never handed to `show`.
   */
  schema: z.ZodType<P>;
  /** Pointers read per prompt; the rest wait for the next one. */
  perPrompt: number;
  /**
   * What the prompt shows for a pointer and the team's result (null: gone, expired or removed):
   * responses (none: just forget it), or "wait" to keep the pointer for a later prompt.
   */
  show(pointer: P, result: TaskResult<T> | null): ResponseFor<"UserPromptSubmit">[] | "wait";
}

/**
 * Points this session at a team result, under `kind.prefix + id` (the same id replaces the
 * pointer before it); an id too long for a key is replaced by its hash.
 */
export async function pointAt<P extends Pointer>(
  tasks: Tasks,
  kind: Pick<PointerKind<P>, "prefix">,
  id: string,
  pointer: P,
  ttlSeconds: number,
) {
  let key = `${kind.prefix}${id}`;
  if (key.length > LIMITS.keyMaxLength) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
    key = `${kind.prefix}#${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  }
  return tasks.put(key, pointer, { ttl: ttlSeconds });
}

/** The prompt handler that shows every kind's pointed results, in the order of `kinds`. */
export function showPointed(...kinds: PointerKind<any, any>[]): HandlerFor<"UserPromptSubmit"> {
  return async function showTeamResults(_event, { tasks, team }) {
    const found: { kind: PointerKind<any, any>; sessionKey: string; pointer: Pointer }[] = [];
    for (const kind of kinds) {
      // Keys and statuses only: no value (up to 1 MiB each) is read to find the pointers.
      for (const { key } of await tasks.keys({ prefix: kind.prefix, status: TaskStatus.COMPLETED, limit: kind.perPrompt })) {
        const entry = await tasks.get(key);
        if (entry?.status !== TaskStatus.COMPLETED) continue;
        const pointer = kind.schema.safeParse(entry.value);
        if (pointer.success) found.push({ kind, sessionKey: key, pointer: pointer.data });
        else await tasks.pop(key); // not a pointer of this kind: dropped
      }
    }
    // Side by side: the prompt waits for one round trip to the team's store, not one per result.
    const results = await Promise.all(found.map(({ pointer }) => team.get(pointer.key)));
    const responses: ResponseFor<"UserPromptSubmit">[] = [];
    for (const [i, { kind, sessionKey, pointer }] of found.entries()) {
      const shown = kind.show(pointer, results[i] ?? null);
      if (shown === "wait") continue;
      // The result stays in the team store for teammates; this session has seen it.
      await tasks.pop(sessionKey);
      responses.push(...shown);
    }
    return responses;
  };
}
