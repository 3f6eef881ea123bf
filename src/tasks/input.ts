import { z } from "zod";
import { LIMITS } from "./limits";

/**
 * A caller's mistake (unknown task, bad key, args that cannot be stored). The REST API turns
 * it into a 400 with `code`; a hook handler sees it thrown from `tasks.add`.
 */
export class TaskInputError extends Error {
  override name = "TaskInputError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Control characters make keys unreadable in logs and terminals and ambiguous in URLs.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// With the u flag a surrogate pair is one code point: this matches only a lone half (an emoji
// cut by `slice`), which no UTF-8 store or URL can hold, so it would never match itself again.
const LONE_SURROGATE = /\p{Cs}/u;

/** Text that can be stored, compared and shown: well-formed Unicode, no control characters. */
export function nameSchema(what: string, maxLength: number) {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .max(maxLength, `${what} must be at most ${maxLength} characters`)
    .refine((text) => !LONE_SURROGATE.test(text), `${what} must be well-formed Unicode (it holds half of a surrogate pair)`)
    .refine((text) => !CONTROL_CHARS.test(text), `${what} must not contain control characters`);
}

export const taskKeySchema = nameSchema("key", LIMITS.keyMaxLength).refine(
  // URLs resolve these as path segments (`/tasks/..` is the session), so no route could reach them.
  (key) => key !== "." && key !== "..",
  'key must not be "." or ".."',
);

export const taskNameSchema = nameSchema("task name", LIMITS.taskNameMaxLength);

/**
 * Control characters, and the invisible marks that reorder or hide text (bidi overrides and
 * isolates, the Arabic letter mark, line and paragraph separators, tags, soft hyphens): a label
 * is shown to teammates, where these could disguise what it says. Joiners stay (emoji need them).
 * The team page shows keys with these written out (public/format.js: a unit test holds the two equal).
 */
export const UNSHOWABLE = /[\p{Cc}\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/**
 * A label as it is stored and shown: one line of well-formed text, at most
 * `LIMITS.labelMaxChars` code points, without control characters; undefined when nothing is
 * left. Cleaned rather than refused: a label is a courtesy, and an add must not fail for it.
 */
export function cleanLabel(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const text = label
    .replace(/\p{Cs}/gu, "\ufffd")
    .replace(UNSHOWABLE, " ")
    .replace(/\s+/g, " ")
    .trim();
  const points = [...text];
  if (points.length <= LIMITS.labelMaxChars) return text === "" ? undefined : text;
  return `${points
    .slice(0, LIMITS.labelMaxChars - 1)
    .join("")
    .trimEnd()}…`;
}

/** Claude Code session ids are UUIDs; anything path-like or exotic is refused. */
export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "session id must be 1-128 letters, digits, '-' or '_'");

export const ttlSecondsSchema = z
  .number()
  .int("ttl must be a whole number of seconds")
  .min(1, "ttl must be at least 1 second")
  .max(LIMITS.ttlMaxSeconds, `ttl must be at most ${LIMITS.ttlMaxSeconds} seconds`);

export const prioritySchema = z.number().int("priority must be an integer").min(-LIMITS.priorityMax).max(LIMITS.priorityMax);

export const timeoutSecondsSchema = z
  .number()
  .positive("timeout must be positive")
  .max(LIMITS.timeoutMaxSeconds, `timeout must be at most ${LIMITS.timeoutMaxSeconds} seconds`);

export const retriesSchema = z.number().int().min(0).max(LIMITS.retriesMax);

export const waitSecondsSchema = z
  .number()
  .min(0, "timeout must not be negative")
  .max(LIMITS.waitMaxSeconds, `timeout must be at most ${LIMITS.waitMaxSeconds} seconds`);

/**
 * Seconds written in a query string: plain decimal only. `Number()` would read "" as 0 and
 * "0x10" as 16, so a typo would silently become another wait.
 */
export const decimalSecondsText = z
  .string()
  .regex(/^\d+(\.\d+)?$/, "timeout must be a number of seconds, such as 10 or 0.5")
  .transform(Number);

/** Parses or throws a TaskInputError naming the field, for callers outside Hono's validator. */
export function check<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new TaskInputError(code, describeIssues(parsed.error.issues));
  }
  return parsed.data;
}

/** Zod's issues as one line, each prefixed with where it is ("args.0: expected number"). */
export function describeIssues(issues: z.ZodError["issues"], prefix?: string): string {
  return issues
    .map((issue) => {
      const path = [...(prefix === undefined ? [] : [prefix]), ...issue.path.map(String)];
      return path.length ? `${path.join(".")}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/**
 * How deep JSON text nests arrays and objects: one pass over the text, no recursion (so a
 * hostile value cannot overflow the stack here) and exact (toJSON and the like already applied).
 */
export function jsonNestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
  return deepest;
}

const encoder = new TextEncoder();

/**
 * JSON text of a value, or a TaskInputError when it cannot be stored as JSON, is too big, or
 * nests deeper than the store, the queue consumer and a task's own code can safely walk.
 */
export function toJsonWithin(value: unknown, maxBytes: number, what: string): string {
  const tooDeep = () => new TaskInputError(`${what}_too_deep`, `${what} nest arrays and objects more than ${LIMITS.jsonMaxDepth} deep`);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    // A stack overflow: nested deeper than this runtime's JSON.stringify goes.
    if (error instanceof RangeError) throw tooDeep();
    throw new TaskInputError(`${what}_not_json`, `${what} must be JSON: ${(error as Error).message}`);
  }
  if (json === undefined) {
    throw new TaskInputError(`${what}_not_json`, `${what} must be JSON`);
  }
  const bytes = encoder.encode(json).byteLength;
  if (bytes > maxBytes) {
    throw new TaskInputError(`${what}_too_large`, `${what} is ${bytes} bytes of JSON; the limit is ${maxBytes}`);
  }
  if (jsonNestingDepth(json) > LIMITS.jsonMaxDepth) throw tooDeep();
  return json;
}
