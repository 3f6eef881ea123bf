import { TaskInputError } from "./input";
import type { Task } from "./tasks";

/**
 * Task functions cannot cross a queue, so the consumer finds them by name here. `task()`
 * registers into `defaultRegistry` unless told otherwise.
 */
export class TaskRegistry {
  readonly #tasks = new Map<string, Task>();

  register(task: Task): void {
    const existing = this.#tasks.get(task.name);
    if (existing && existing !== task) {
      throw new Error(`A task named "${task.name}" is already registered; give one of them another name`);
    }
    this.#tasks.set(task.name, task);
  }

  get(name: string): Task | undefined {
    return this.#tasks.get(name);
  }

  /** The registered task of that name, or a TaskInputError a caller can act on. */
  require(name: string): Task {
    const task = this.#tasks.get(name);
    if (!task) {
      throw new TaskInputError("unknown_task", `No task named "${name}" is registered in this Worker`);
    }
    return task;
  }

  /** Throws unless this very definition is the one registered under its name. */
  requireSame(task: Task): void {
    if (this.#tasks.get(task.name) !== task) {
      throw new TaskInputError(
        "unknown_task",
        `Task "${task.name}" is not registered in this Worker's registry: define it with task() in a module the Worker imports`,
      );
    }
  }
}

export const defaultRegistry = new TaskRegistry();
