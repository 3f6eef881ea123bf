import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { decimalSecondsText, prioritySchema, taskKeySchema, taskNameSchema, ttlSecondsSchema } from "../tasks/input";
import { WAIT } from "../tasks/limits";
import { defaultRegistry } from "../tasks/registry";
import type { TaskPage } from "../tasks/backend";
import { isFinished } from "../tasks/result";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";
import { noteActivity } from "./activity";
import { taskListQuery } from "./pagination";
import { restBodyLimit, validate } from "./validate";

/** Refuses a change (POST, DELETE) of a `:key` the served app reserves; reading it is everyone's. */
function ownKeysOnly(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = taskKeySchema.safeParse(c.req.param("key"));
    const refused = c.req.method !== "GET" && key.success ? reservedKey(c, key.data) : null;
    if (refused) return refused;
    await next();
  };
}

/** 403 when `key` starts with a prefix the served app reserves for its hooks (HookApp.reserveKeys). */
function reservedKey(c: Context<ApiEnv>, key: string) {
  const prefix = c.get("app").reservedPrefixOf(key);
  if (prefix === undefined) return null;
  return apiError(c, 403, "reserved_key", `Keys starting with "${prefix}" are the app's own: its hooks write them, the REST API does not`);
}

/** The longest a REST wait is held open: Cloudflare ends a response silent for 100 s (error 524). */
const WAIT_MAX_SECONDS = WAIT.httpCallerMaxMs / 1000;

const addBody = z.object({
  task: taskNameSchema,
  args: z.array(z.unknown()).default([]),
  key: taskKeySchema.optional(),
  ttl: ttlSecondsSchema.optional(),
  priority: prioritySchema.optional(),
  /** Cleaned and cut, never refused (see cleanLabel): the body's own limit bounds what is read. */
  label: z.string().optional(),
});

const keyParam = z.object({ key: taskKeySchema });

const waitQuery = z.object({
  timeout: decimalSecondsText.pipe(z.number().max(WAIT_MAX_SECONDS, `timeout must be at most ${WAIT_MAX_SECONDS} seconds`)).default(30),
});

/** A bad key or bad args in the body get the codes they get everywhere else. */
const addBodyCodes = { key: "invalid_key", args: "invalid_args" } as const;

/**
 * The tasks REST API of one scope (`c.var.tasks`), mounted at /v1/sessions/:session and at
 * /v1/team: the same stores the hook handlers use.
 */
export const tasksRoutes = new Hono<ApiEnv>()
  // A key the app reserves for its hooks is theirs alone to change.
  .use("/tasks/:key/*", ownKeysOnly())
  .use("/tasks/:key", ownKeysOnly())
  .post("/tasks", restBodyLimit(), validate("json", addBody, "invalid_request", addBodyCodes), async (c) => {
    const { task: name, args, key, ttl, priority, label } = c.req.valid("json");
    const task = defaultRegistry.require(name);
    const refused = reservedKey(c, key ?? task.name);
    if (refused) return refused;
    const tasks = c.get("tasks");
    const { added, result } = await tasks.add(task, args, { key, ttl, priority, label });
    noteActivity(c, tasks.sessionId);
    // 202: a new run was queued. 200: the key was already PENDING or RUNNING, nothing replaced.
    return c.json(result, added ? 202 : 200);
  })
  .get("/tasks", validate("query", taskListQuery, "invalid_query"), async (c) =>
    c.json((await c.get("tasks").list(c.req.valid("query"))) satisfies TaskPage),
  )
  .delete("/tasks", async (c) => c.json({ cancelled: await c.get("tasks").cancelAll() }))
  // The task with its args (longer strings cut): what the team page's detail shows.
  .get("/tasks/:key", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const detail = await c.get("store").detail(key);
    return detail ? c.json(detail) : apiError(c, 404, "not_found", `No task "${key}" in this session`);
  })
  .post("/tasks/:key/pop", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const popped = await c.get("tasks").popEntry(key);
    return popped ? c.json(popped) : apiError(c, 404, "not_ready", `No COMPLETED result for "${key}"`);
  })
  .get("/tasks/:key/wait", validate("param", keyParam, "invalid_key"), validate("query", waitQuery, "invalid_timeout"), async (c) => {
    const { key } = c.req.valid("param");
    const { timeout } = c.req.valid("query");
    const tasks = c.get("tasks");
    const result = (await tasks.wait(key, { timeout })) ?? (await tasks.get(key));
    if (!result) return apiError(c, 404, "not_found", `No task "${key}" in this session`);
    if (isFinished(result.status)) return c.json(result);
    return apiError(c, 408, "timeout", `"${key}" did not finish within ${timeout} s`, { task: result });
  })
  // Runs a FAILED or CANCELLED task again, as added by the caller (who may: permissions.ts).
  .post("/tasks/:key/retry", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const store = c.get("store");
    const current = await store.detail(key);
    if (!current) return apiError(c, 404, "not_found", `No task "${key}" in this session`);
    // Refused when the Worker no longer has the task (renamed, removed from the app).
    defaultRegistry.require(current.task);
    const { member, admin } = c.get("member");
    const retried = await store.retry(key, { member, admin });
    if (retried.outcome === "not_found") return apiError(c, 404, "not_found", `No task "${key}" in this session`);
    if (retried.outcome === "forbidden") return apiError(c, 403, "forbidden", retried.message);
    if (retried.outcome === "not_retryable") {
      const message = `"${key}" is ${retried.result.status}: only a FAILED or CANCELLED task is retried`;
      return apiError(c, 409, "not_retryable", message, { task: retried.result });
    }
    noteActivity(c, c.get("tasks").sessionId);
    return c.json(retried.result, 202);
  })
  // Removes a finished result (DELETE .../tasks/:key cancels), if the caller may (permissions.ts).
  .delete("/tasks/:key/result", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const { member, admin } = c.get("member");
    const deleted = await c.get("store").deleteResult(key, { member, admin });
    switch (deleted.outcome) {
      case "not_found":
        return apiError(c, 404, "not_found", `No task "${key}" in this session`);
      case "not_finished":
        return apiError(c, 409, "not_finished", `"${key}" is ${deleted.result.status}: cancel it first`, {
          task: deleted.result,
        });
      case "forbidden":
        return apiError(c, 403, "forbidden", deleted.message);
      default:
        return c.json({ deleted: deleted.result });
    }
  })
  .delete("/tasks/:key", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const tasks = c.get("tasks");
    const cancelled = await tasks.cancel(key);
    const current = await tasks.get(key);
    if (cancelled && current) return c.json(current);
    if (!current) return apiError(c, 404, "not_found", `No task "${key}" in this session`);
    return apiError(c, 409, "already_finished", `"${key}" is already ${current.status}`, { task: current });
  });
