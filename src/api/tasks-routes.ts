import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { REST_WAIT_MAX_SECONDS, type TaskListBody } from "../protocol";
import { decimalSecondsText, prioritySchema, taskKeySchema, taskNameSchema, ttlSecondsSchema } from "../tasks/input";
import { LIMITS } from "../tasks/limits";
import { defaultRegistry } from "../tasks/registry";
import { isFinished } from "../tasks/result";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";
import { noteActivity } from "./activity";
import { taskListQuery } from "./pagination";
import { validate } from "./validate";

const addBody = z.object({
  task: taskNameSchema,
  args: z.array(z.unknown()).default([]),
  key: taskKeySchema.optional(),
  ttl: ttlSecondsSchema.optional(),
  priority: prioritySchema.optional(),
});

const keyParam = z.object({ key: taskKeySchema });

const waitQuery = z.object({
  timeout: decimalSecondsText
    .pipe(z.number().max(REST_WAIT_MAX_SECONDS, `timeout must be at most ${REST_WAIT_MAX_SECONDS} seconds`))
    .default(30),
});

/** A bad key or bad args in the body get the codes they get everywhere else. */
const addBodyCodes = { key: "invalid_key", args: "invalid_args" };

/**
 * The tasks REST API of one scope (`c.var.tasks`), mounted at /v1/sessions/:session and at
 * /v1/team: the same stores the hook handlers use.
 */
export const tasksRoutes = new Hono<ApiEnv>()
  .post(
    "/tasks",
    bodyLimit({
      maxSize: LIMITS.restBodyMaxBytes,
      onError: (c) => apiError(c, 413, "payload_too_large", `The body must be at most ${LIMITS.restBodyMaxBytes} bytes`),
    }),
    validate("json", addBody, "invalid_request", addBodyCodes),
    async (c) => {
      const { task: name, args, key, ttl, priority } = c.req.valid("json");
      const task = defaultRegistry.require(name);
      const tasks = c.get("tasks");
      const { added, result } = await tasks.add(task, args, { key, ttl, priority });
      noteActivity(c, tasks.sessionId);
      // 202: a new run was queued. 200: the key was already PENDING or RUNNING, nothing replaced.
      return c.json(result, added ? 202 : 200);
    },
  )
  .get("/tasks", validate("query", taskListQuery, "invalid_query"), async (c) =>
    c.json((await c.get("tasks").list(c.req.valid("query"))) satisfies TaskListBody),
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
