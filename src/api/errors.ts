import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody } from "../protocol";
import { TaskInputError } from "../tasks/input";
import { ConfigError } from "./tokens";

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, extra = {}) {
  return c.json({ error: { code, message }, ...extra } satisfies ApiErrorBody, status);
}

const CODE_BY_STATUS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
};

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof TaskInputError) {
    return apiError(c, 400, error.code, error.message);
  }
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    const status = error.status as ContentfulStatusCode;
    // Hono's JSON parser throws this one for a body that is not JSON.
    const code = /malformed json/i.test(error.message) ? "invalid_json" : (CODE_BY_STATUS[status] ?? "error");
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
