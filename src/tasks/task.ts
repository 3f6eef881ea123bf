import { check, prioritySchema, retriesSchema, timeoutSecondsSchema, ttlSecondsSchema } from "./input";
import { DEFAULTS } from "./limits";
import { defaultRegistry, type TaskRegistry } from "./registry";
import type { TaskUsage } from "./result";
import type { Tasks } from "./tasks";

export interface TaskOptions<R, T> {
  /** The stable name the queue consumer finds the task by. Default: the function's name. */
  name?: string;
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
 * What a running task can know about its run, as `this` in a `function` task (arrow
 * functions simply do without).
 */
export interface TaskContext {
  readonly key: string;
  /** 1 for the first run, 2 for the first retry... */
  readonly attempt: number;
  /** Aborted when the run reaches its timeout: pass it to fetch and API calls. */
  readonly signal: AbortSignal;
  /** When the run times out, in ms since the epoch. */
  readonly deadline: number;
  /** The Worker's bindings (absent under a test backend that was given none). */
  readonly env: Env | undefined;
  /** The session's tasks: read other results, or add follow-up work. */
  readonly tasks: Tasks;
  /** The team-wide scope's tasks. */
  readonly team: Tasks;
  /** Adds API usage (tokens, cost) to what the task's result records. */
  recordUsage(usage: TaskUsage): void;
}

/** A background task: a function with a stable name and the options it runs with. */
export interface Task<A extends unknown[] = any[], T = unknown> {
  readonly name: string;
  readonly ttl: number;
  readonly priority: number;
  readonly timeout: number;
  readonly retries: number;
  /** The function and transform, run once, here (what the queue consumer calls). */
  run(context: TaskContext, ...args: A): Promise<T>;
}

/**
 * Defines a background task, as fasthooks' `@task`:
 * `const double = task(function double(x: number) { return x * 2 })`.
 */
export function task<A extends unknown[], R, T = Awaited<R>>(
  fn: (this: TaskContext, ...args: A) => R,
  options: TaskOptions<Awaited<R>, T> = {},
): Task<A, T> {
  const name = options.name ?? fn.name;
  if (!name) {
    throw new Error("task() needs a named function or a `name` option: the queue finds tasks by name");
  }
  const { transform } = options;
  const definition: Task<A, T> = {
    name,
    ttl: check(ttlSecondsSchema, options.ttl ?? DEFAULTS.ttlSeconds, "invalid_ttl"),
    priority: check(prioritySchema, options.priority ?? DEFAULTS.priority, "invalid_priority"),
    timeout: check(timeoutSecondsSchema, options.timeout ?? DEFAULTS.timeoutSeconds, "invalid_timeout"),
    retries: check(retriesSchema, options.retries ?? DEFAULTS.retries, "invalid_retries"),
    async run(context: TaskContext, ...args: A): Promise<T> {
      const value = await fn.apply(context, args);
      return transform ? await transform(value) : (value as T);
    },
  };
  (options.registry ?? defaultRegistry).register(definition);
  return definition;
}

/** The value type a task stores. */
export type TaskValue<D> = D extends Task<any[], infer T> ? T : never;
