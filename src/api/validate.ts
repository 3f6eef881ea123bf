import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { describeIssues } from "../tasks/input";
import { apiError } from "./errors";

/**
 * Hono's zod validator, answering a failure with our error body: 400 and what was wrong where.
 * `codesByField` gives a field's problems their own code (a body's `key` -> `invalid_key`).
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
  code = "invalid_request",
  codesByField: Record<string, string> = {},
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const { issues } = result.error;
      const field = String(issues[0]?.path[0] ?? "");
      return apiError(c, 400, Object.hasOwn(codesByField, field) ? codesByField[field]! : code, describeIssues(issues));
    }
  });
}
