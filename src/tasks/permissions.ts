/**
 * Who may change what, decided once here and applied by the store itself (TaskTable), so every
 * route reaches the same answer: a hook, the REST API, the team page and the CLI alike.
 *
 * - A session belongs to its owner: the member whose hooks (or first change) made it. Every
 *   member of the team reads it; only its owner or a team admin changes it: add, put, pop,
 *   cancel, retry, delete, and send its hooks.
 * - The team's store is everyone's to read and to add to (`getOrAdd`, `add` of a free key).
 *   A task already there is its adder's: only they or an admin pop, cancel, replace or delete
 *   it. A FAILED or CANCELLED one holds no result anyone needs: anyone may run it again.
 */
import type { TaskResult } from "./result";

/** Who asks for a change: a member of the team, and whether an admin. */
export interface Actor {
  member: string;
  admin: boolean;
}

/** A change the rules refuse: why, in words for the member who asked. */
export interface Refused {
  refused: string;
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === "object" && value !== null && typeof (value as Refused).refused === "string";
}

/** Why `actor` may not change a session owned by `owner` (null: nobody yet), or null when they may. */
export function sessionRefusal(owner: string | null, actor: Actor | undefined): string | null {
  if (!actor || actor.admin || owner === null || owner === actor.member) return null;
  return `This session is ${owner}'s: its tasks are changed only by ${owner} or a team admin (teammates read them)`;
}

/** What a change does to a task already in the team's store. */
export type SharedChange = "pop" | "cancel" | "replace" | "delete";

/** Why `actor` may not `change` the team's `task`, or null when they may. */
export function sharedRefusal(
  task: Pick<TaskResult, "key" | "status" | "addedBy">,
  change: SharedChange,
  actor: Actor | undefined,
): string | null {
  if (!actor || actor.admin || task.addedBy?.member === actor.member) return null;
  if (change === "replace" && (task.status === "FAILED" || task.status === "CANCELLED")) return null;
  const adder = task.addedBy?.member;
  return `"${task.key}" in the team's store is ${adder ? `${adder}'s` : "a team admin's"}: only ${adder ? `${adder}, who added it,` : "its adder"} or a team admin may ${change} it`;
}
