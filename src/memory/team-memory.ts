/** How the team's MemoryStore is found: one object per team, named by the team. */
import type { TaskContext } from "../tasks/tasks";
import type { MemoryStore } from "./memory-store";

export function memoryStore(env: Pick<Env, "MEMORY_STORE">, team: string): DurableObjectStub<MemoryStore> {
  return env.MEMORY_STORE.get(env.MEMORY_STORE.idFromName(team));
}

/** A project as the memory records it: the base name of a working directory, never the path. */
export function projectOf(cwd: string | undefined): string | null {
  const name = cwd?.split(/[\\/]/).filter(Boolean).pop();
  return name ? name.slice(0, 100) : null;
}

/**
 * Whose memory a running task reaches: its team's (as the Worker knows it, never from its args)
 * in the name of the member who added the task, from their project.
 */
export function memoryOfRun(context: TaskContext) {
  const member = context.tasks.origin?.member;
  if (!context.teamName || !member || !context.env?.MEMORY_STORE) {
    throw new Error("the team's memory is reached from a task run by the Worker, for a member (and with MEMORY_STORE bound)");
  }
  return { store: memoryStore(context.env, context.teamName), member, project: projectOf(context.tasks.origin?.cwd) };
}
