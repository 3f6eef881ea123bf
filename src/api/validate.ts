import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { apiError } from "./errors";

/** Hono's zod validator, answering a failure with our error body: 400 and what was wrong where. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
  code = "invalid_request",
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const details = result.error.issues
        .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
        .join("; ");
      return apiError(c, 400, code, details);
    }
  });
}
