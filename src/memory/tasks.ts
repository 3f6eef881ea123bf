/**
 * The memory's background tasks: the guide's `search_memory`, and `remember`, with which a hook
 * handler marks something as worth finding again without calling the memory on its answer's
 * path. Both act for the member who added them, in their team.
 */
import { z } from "zod";
import { capText } from "../hooks/output";
import { task } from "../tasks/task";
import type { TaskContext } from "../tasks/tasks";
import { MEMORY_LIMITS } from "./limits";
import { memoryOfRun } from "./team-memory";
import type { AddedMemory, MemoryHit, MemoryScope } from "./types";

/**
 * The memories that bear on a query, for the member who added the search: the team's and their
 * own. The query is a prompt's search terms (terms.ts: `searchQuery(event.prompt)`), never the
 * prompt itself. Its result waits in the session for the next prompt, at most 30 minutes.
 */
export const searchMemory = task(
  async function searchMemory(this: TaskContext, query: string): Promise<MemoryHit[]> {
    const { store, member } = memoryOfRun(this);
    return store.search({ query, member });
  },
  {
    name: "search_memory",
    ttl: MEMORY_LIMITS.searchResultTtlSeconds,
    timeout: 30,
    args: z.tuple([z.string().min(1).max(MEMORY_LIMITS.queryMaxChars)]),
  },
);

export interface RememberOptions {
  /** Default "team": every member's searches find it. "member": only the adder's. */
  scope?: MemoryScope;
  /** What it is: "note", "review", a task's name. Default "note". */
  source?: string;
  /** Days it lives, at most the deployment's retention (the default). */
  ttlDays?: number;
}

const rememberOptions = z
  .object({
    scope: z.enum(["team", "member"]).optional(),
    source: z.string().regex(MEMORY_LIMITS.sourcePattern).optional(),
    ttlDays: z.number().int().min(1).max(MEMORY_LIMITS.retentionDaysMax).optional(),
  })
  .strict();

/**
 * From inside a running task: keeps `text` in the team's memory, in the name of the member who
 * added the task and from their project. Longer texts are cut to MEMORY_LIMITS.textMaxChars.
 */
export function rememberFrom(context: TaskContext, text: string, options: RememberOptions = {}): Promise<AddedMemory> {
  const { store, member, project } = memoryOfRun(context);
  return store.add({
    text: capText(text.trim(), MEMORY_LIMITS.textMaxChars),
    scope: options.scope ?? "team",
    source: options.source ?? "note",
    member,
    project,
    ...(options.ttlDays === undefined ? {} : { ttlDays: options.ttlDays }),
  });
}

/** A hook handler's way to mark something memorable: `tasks.add(remember, [text, { source: "lint" }])`. */
export const remember = task(
  async function remember(this: TaskContext, text: string, options: RememberOptions = {}) {
    const { memory, added } = await rememberFrom(this, text, options);
    return { id: memory.id, added };
  },
  {
    name: "remember",
    args: z.tuple([
      z
        .string()
        .min(1)
        .max(64 * 1024),
      rememberOptions.optional(),
    ]),
  },
);
