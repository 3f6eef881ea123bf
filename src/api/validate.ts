import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { describeIssues } from "../tasks/input";
import { LIMITS } from "../tasks/limits";
import { apiError, type ErrorCode } from "./errors";

/**
 * Hono's zod validator, answering a failure with our error body: 400 and what was wrong where.
 * `codesByField` gives a field's problems their own code (a body's `key` -> `invalid_key`).
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
  code: ErrorCode = "invalid_request",
  codesByField: Partial<Record<string, ErrorCode>> = {},
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const { issues } = result.error;
      const field = String(issues[0]?.path[0] ?? "");
      return apiError(c, 400, (Object.hasOwn(codesByField, field) && codesByField[field]) || code, describeIssues(issues));
    }
  });
}

/** A JSON body of the REST API is read only up to its limit: a larger one is a 413, unread. */
export function restBodyLimit() {
  return bodyLimit({
    maxSize: LIMITS.restBodyMaxBytes,
    onError: (c) => apiError(c, 413, "payload_too_large", `The body must be at most ${LIMITS.restBodyMaxBytes} bytes`),
  });
}
