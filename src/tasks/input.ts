import { z } from "zod";
import { TaskInputError } from "./errors";
import { LIMITS } from "./limits";

// Control characters make keys unreadable in logs and terminals and ambiguous in URLs.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

export const taskKeySchema = z
  .string()
  .min(1, "key must not be empty")
  .max(LIMITS.keyMaxLength, `key must be at most ${LIMITS.keyMaxLength} characters`)
  .refine((key) => !CONTROL_CHARS.test(key), "key must not contain control characters");

/** Claude Code session ids are UUIDs; anything path-like or exotic is refused. */
export const sessionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "session id must be 1-128 letters, digits, '-' or '_'");

export const ttlSecondsSchema = z
  .number()
  .int("ttl must be a whole number of seconds")
  .min(1, "ttl must be at least 1 second")
  .max(LIMITS.ttlMaxSeconds, `ttl must be at most ${LIMITS.ttlMaxSeconds} seconds`);

export const prioritySchema = z
  .number()
  .int("priority must be an integer")
  .min(-LIMITS.priorityMax)
  .max(LIMITS.priorityMax);

export const timeoutSecondsSchema = z
  .number()
  .positive("timeout must be positive")
  .max(LIMITS.timeoutMaxSeconds, `timeout must be at most ${LIMITS.timeoutMaxSeconds} seconds`);

export const retriesSchema = z.number().int().min(0).max(LIMITS.retriesMax);

export const waitSecondsSchema = z
  .number()
  .min(0, "timeout must not be negative")
  .max(LIMITS.waitMaxSeconds, `timeout must be at most ${LIMITS.waitMaxSeconds} seconds`);

/** Parses or throws a TaskInputError naming the field, for callers outside Hono's validator. */
export function check<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new TaskInputError(code, parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  return parsed.data;
}

const encoder = new TextEncoder();

/** JSON text of a value, or a TaskInputError when it cannot be stored as JSON or is too big. */
export function toJsonWithin(value: unknown, maxBytes: number, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TaskInputError(`${what}_not_json`, `${what} must be JSON: ${(error as Error).message}`);
  }
  if (json === undefined) {
    throw new TaskInputError(`${what}_not_json`, `${what} must be JSON`);
  }
  const bytes = encoder.encode(json).byteLength;
  if (bytes > maxBytes) {
    throw new TaskInputError(`${what}_too_large`, `${what} is ${bytes} bytes of JSON; the limit is ${maxBytes}`);
  }
  return json;
}
