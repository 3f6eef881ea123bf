import { Hono } from "hono";
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

/** The longest a REST wait is held open: Cloudflare ends a response silent for 100 s (error 524). */
const WAIT_MAX_SECONDS = WAIT.httpCallerMaxMs / 1000;

const addBody = z.object({
  task: taskNameSchema,
  args: z.array(z.unknown()).default([]),
  key: taskKeySchema.optional(),
  ttl: ttlSecondsSchema.optional(),
  priority: prioritySchema.optional(),
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
  .post("/tasks", restBodyLimit(), validate("json", addBody, "invalid_request", addBodyCodes), async (c) => {
    const { task: name, args, key, ttl, priority } = c.req.valid("json");
    const task = defaultRegistry.require(name);
    const tasks = c.get("tasks");
    const { added, result } = await tasks.add(task, args, { key, ttl, priority });
    noteActivity(c, tasks.sessionId);
    // 202: a new run was queued. 200: the key was already PENDING or RUNNING, nothing replaced.
    return c.json(result, added ? 202 : 200);
  })
  .get("/tasks", validate("query", taskListQuery, "invalid_query"), async (c) =>
    c.json((await c.get("tasks").list(c.req.valid("query"))) satisfies TaskPage),
  )
  .delete("/tasks", async (c) => c.json({ cancelled: await c.get("tasks").cancelAll() }))
  .get("/tasks/:key", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const result = await c.get("tasks").get(key);
    return result ? c.json(result) : apiError(c, 404, "not_found", `No task "${key}" in this session`);
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
  .delete("/tasks/:key", validate("param", keyParam, "invalid_key"), async (c) => {
    const { key } = c.req.valid("param");
    const tasks = c.get("tasks");
    const cancelled = await tasks.cancel(key);
    const current = await tasks.get(key);
    if (cancelled && current) return c.json(current);
    if (!current) return apiError(c, 404, "not_found", `No task "${key}" in this session`);
    return apiError(c, 409, "already_finished", `"${key}" is already ${current.status}`, { task: current });
  });
