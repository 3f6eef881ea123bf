// The stores the CLI reads: a session's tasks (/v1/sessions/:session/tasks), the team-wide
// store (/v1/team/tasks), and the team's index of sessions (/v1/sessions). Lists are pages;
// these follow `next` to the end.
import type { IndexPage, SessionSummary } from "../../src/store/team-index";
import type { TaskPage } from "../../src/tasks/backend";
import type { TaskResult } from "../../src/tasks/result";
import { body, type ClientOptions, param, worker } from "./api";
import type { Config } from "./config";

/** Which store: one session's, or the team-wide one. */
export type Where = { session: string } | { team: true };

export const describeWhere = (where: Where) => ("team" in where ? "the team-wide store" : `session ${where.session}`);

/** One store's tasks over REST. `timeout` is decimal seconds, as the API takes it. */
export interface TaskStore {
  list(after?: string): Promise<TaskPage>;
  get(key: string): Promise<TaskResult>;
  wait(key: string, timeout: string): Promise<TaskResult>;
  cancel(key: string): Promise<TaskResult>;
}

export function taskStore(config: Config, where: Where, options: ClientOptions = {}): TaskStore {
  const api = worker(config, options);
  if ("team" in where) {
    const tasks = api.v1.team.tasks;
    const key = (k: string) => ({ key: param(k) });
    return {
      list: (after) => body(tasks.$get({ query: after ? { after } : {} })),
      get: (k) => body(tasks[":key"].$get({ param: key(k) })),
      wait: (k, timeout) => body(tasks[":key"].wait.$get({ param: key(k), query: { timeout } })),
      cancel: (k) => body(tasks[":key"].$delete({ param: key(k) })),
    };
  }
  const tasks = api.v1.sessions[":session"].tasks;
  const session = param(where.session);
  const key = (k: string) => ({ session, key: param(k) });
  return {
    list: (after) => body(tasks.$get({ param: { session }, query: after ? { after } : {} })),
    get: (k) => body(tasks[":key"].$get({ param: key(k) })),
    wait: (k, timeout) => body(tasks[":key"].wait.$get({ param: key(k), query: { timeout } })),
    cancel: (k) => body(tasks[":key"].$delete({ param: key(k) })),
  };
}

/** Every task of a store, page after page. */
export async function allTasks(store: TaskStore): Promise<TaskResult[]> {
  return allPages((after) => store.list(after).then(({ tasks, next }) => ({ items: tasks, next })));
}

/** Every session in the team's index, most recently seen first. */
export async function allSessions(config: Config): Promise<SessionSummary[]> {
  const sessions = worker(config).v1.sessions;
  return allPages((after) =>
    body(sessions.$get({ query: after ? { after } : {} })).then(({ sessions, next }: IndexPage) => ({ items: sessions, next })),
  );
}

async function allPages<T>(page: (after: string | undefined) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  do {
    const { items, next } = await page(after);
    all.push(...items);
    after = next ?? undefined;
  } while (after !== undefined);
  return all;
}

/** `fn` over `items`, at most `limit` at a time (a team may have thousands of sessions). */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
