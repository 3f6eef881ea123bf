import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ClientErrorStatusCode, ServerErrorStatusCode } from "hono/utils/http-status";
import { TaskInputError } from "../tasks/input";
import { ConfigError } from "./tokens";

/**
 * Every `error.code` the API answers with: the table of error codes in docs/rest-api.md, which
 * test/unit/docs.test.ts holds in step with this one.
 */
export const ERROR_CODES = [
  "invalid_json",
  "invalid_request",
  "unknown_task",
  "invalid_args",
  "args_too_large",
  "args_too_deep",
  "payload_too_large",
  "invalid_session",
  "invalid_key",
  "invalid_timeout",
  "invalid_event",
  "invalid_query",
  "unauthorized",
  "forbidden",
  "reserved_key",
  "not_found",
  "not_ready",
  "timeout",
  "already_finished",
  "not_retryable",
  "not_finished",
  // Answered by a store itself (store/live.ts), passed on as it is.
  "upgrade_required",
  "forbidden_host",
  "forbidden_origin",
  "server_misconfigured",
  "internal_error",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** Every 4xx/5xx answer. Some add context beside `error` (e.g. `task` on a 408 or 409). */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string };
}

export type ErrorStatus = ClientErrorStatusCode | ServerErrorStatusCode;

/** An error answer; its status stays in the route's type, so the CLI's client tells it from a success. */
export function apiError<S extends ErrorStatus, X extends object = object>(
  c: Context,
  status: S,
  code: ErrorCode,
  message: string,
  extra?: X,
) {
  return c.json({ error: { code, message }, ...extra } as ApiErrorBody & X, status);
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
};

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof TaskInputError) {
    // A change the rules refuse (permissions.ts) is a 403; any other is a caller's mistake
    // caught by the domain, with its own code when the API has one (args_too_large...).
    if (error.code === "forbidden") return apiError(c, 403, "forbidden", error.message);
    return apiError(c, 400, isErrorCode(error.code) ? error.code : "invalid_request", error.message);
  }
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    const status = (error.status >= 400 ? error.status : 500) as ErrorStatus;
    // Hono's JSON parser throws this one for a body that is not JSON.
    const code = /malformed json/i.test(error.message)
      ? "invalid_json"
      : (CODE_BY_STATUS[status] ?? (status < 500 ? "invalid_request" : "internal_error"));
    return apiError(c, status, code, error.message);
  }
  if (error instanceof ConfigError) {
    // What is wrong is for the operator (log, /v1/health?deep=1), not for whoever calls.
    console.error(`fasthooks: ${error.message}`);
    return apiError(
      c,
      503,
      "server_misconfigured",
      "This Worker is not configured to serve requests; its operator can see why in its log and at /v1/health?deep=1",
    );
  }
  // Never a stack trace to the client; the log has it.
  console.error(`fasthooks: ${c.req.method} ${c.req.path} failed:`, error);
  return apiError(c, 500, "internal_error", "The server failed to handle this request; it is logged");
};

export const onNotFound: NotFoundHandler = (c) => apiError(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}`);
