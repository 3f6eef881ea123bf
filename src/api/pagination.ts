import { z } from "zod";
import { LIMITS } from "../tasks/limits";
import { TaskStatus } from "../tasks/result";

/** A page size in a query string: digits only (no "", "1e3" or "0x10"), from 1 to `max`. */
export function limitParam(max: number) {
  return z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, `limit must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().max(max, `limit must be at most ${max}`))
    .optional();
}

/** GET .../tasks: one page of a session's (or the team store's) tasks. */
export const taskListQuery = z.object({
  limit: limitParam(LIMITS.listPageMax),
  after: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, "after must be the `next` of the page before")
    .optional(),
  prefix: z.string().min(1).max(LIMITS.keyMaxLength).optional(),
  status: z.enum(Object.values(TaskStatus) as [TaskStatus, ...TaskStatus[]]).optional(),
  values: z
    .enum(["true", "false"])
    .transform((values) => values === "true")
    .optional(),
});

/** GET /v1/sessions: one page of the team index. */
export const indexListQuery = z.object({
  limit: limitParam(LIMITS.indexPageMax),
  after: z
    .string()
    .regex(/^[0-9]{1,16}\.[A-Za-z0-9_-]{1,128}$/, "after must be the `next` of the page before")
    .optional(),
});
