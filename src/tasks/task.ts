import { z } from "zod";
import {
  check,
  describeIssues,
  prioritySchema,
  retriesSchema,
  TaskInputError,
  taskNameSchema,
  timeoutSecondsSchema,
  ttlSecondsSchema,
} from "./input";
import { DEFAULTS } from "./limits";
import { defaultRegistry, type TaskRegistry } from "./registry";
import type { Task, TaskContext } from "./tasks";

export interface TaskOptions<R, T, A extends unknown[] = unknown[]> {
  /** The stable name the queue consumer finds the task by. Default: the function's name. */
  name?: string;
  /**
   * The args' schema, checked at `add` (a wrong call is refused there, never run) and again
   * at the run: a zod tuple such as `z.tuple([z.string()])`. Default: `argsOfArity`, which
   * knows only how many args the function needs.
   */
  args?: z.ZodType<NoInfer<A>>;
  /** Seconds the result lives once the task has finished. Default 300. */
  ttl?: number;
  /** Higher runs first among one session's pending tasks. Default 0. */
  priority?: number;
  /** Applied to the value before it is stored. */
  transform?: (value: R) => T | Promise<T>;
  /** Seconds a run may take before it fails. Default 300. */
  timeout?: number;
  /** Runs after the first failed one. Default 0. */
  retries?: number;
  /** Where the task is registered. Default: the Worker's registry. */
  registry?: TaskRegistry;
}

/**
 * The schema a task without one gets: what the function itself says about its args, which is
 * only how many it needs (`fn.length`: the parameters before the first default or rest one).
 * Their types are gone at run time, and extra args may be read through `arguments`: give the
 * task an `args` schema to check those.
 */
export function argsOfArity<A extends unknown[]>(name: string, arity: number): z.ZodType<A> {
  const needed = arity === 1 ? "1 argument" : `${arity} arguments`;
  return z.array(z.unknown()).min(arity, `task "${name}" needs ${needed}`) as unknown as z.ZodType<A>;
}

/**
 * Defines a background task, as fasthooks' `@task`:
 * `const double = task(function double(x: number) { return x * 2 })`.
 */
export function task<A extends unknown[], R, T = Awaited<R>>(
  fn: (this: TaskContext, ...args: A) => R,
  options: TaskOptions<Awaited<R>, T, A> = {},
): Task<A, T> {
  const name = options.name ?? fn.name;
  if (!name) {
    throw new Error("task() needs a named function or a `name` option: the queue finds tasks by name");
  }
  check(taskNameSchema, name, "invalid_task");
  const { transform } = options;
  const argsSchema: z.ZodType<A> = options.args ?? argsOfArity(name, fn.length);
  const checkArgs = (args: unknown): A => {
    const parsed = argsSchema.safeParse(args);
    if (!parsed.success) throw new TaskInputError("invalid_args", `${name}: ${describeIssues(parsed.error.issues, "args")}`);
    return parsed.data;
  };
  const definition: Task<A, T> = {
    name,
    ttl: check(ttlSecondsSchema, options.ttl ?? DEFAULTS.ttlSeconds, "invalid_ttl"),
    priority: check(prioritySchema, options.priority ?? DEFAULTS.priority, "invalid_priority"),
    timeout: check(timeoutSecondsSchema, options.timeout ?? DEFAULTS.timeoutSeconds, "invalid_timeout"),
    retries: check(retriesSchema, options.retries ?? DEFAULTS.retries, "invalid_retries"),
    checkArgs,
    async run(context: TaskContext, ...args: A): Promise<T> {
      // Checked again: the row may predate a deploy that changed the schema.
      const value = await fn.apply(context, checkArgs(args));
      return transform ? await transform(value) : (value as T);
    },
  };
  (options.registry ?? defaultRegistry).register(definition);
  return definition;
}
