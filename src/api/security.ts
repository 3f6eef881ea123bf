import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";
import { isLocal } from "./tokens";

/**
 * The API answers JSON only: nothing in it may be framed, sniffed into HTML, or load anything.
 * (The page's own headers are in public/_headers: static assets never reach the Worker.)
 */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
  referrerPolicy: "no-referrer",
});

export function securityHeaders(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // A WebSocket handshake's answer is read by no browser as a document, and its 101 must
    // keep its socket: left as it is.
    if (c.req.header("Upgrade")?.toLowerCase() === "websocket") return next();
    return apiHeaders(c, async () => {
      await next();
      // An answer passed on from a Durable Object has headers that cannot change: a copy can.
      c.res = new Response(c.res.body, c.res);
    });
  };
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLocalOrigin(origin: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false; // "null" (a sandboxed frame, a file), or garbage
  }
}

/**
 * On a Worker run locally (FASTHOOKS_LOCAL=1), only this machine may drive it, whatever its
 * public dev token lets in: a request must be addressed to localhost, 127.0.0.1 or [::1]
 * (a web page that rebinds its own name to 127.0.0.1 still sends that name), and a browser's
 * request must come from a local page (a WebSocket ignores CORS, so any page could open one).
 */
export function localRequestsOnly(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!isLocal(c.env)) return next();
    const { hostname } = new URL(c.req.url);
    if (!LOCAL_HOSTS.has(hostname)) {
      return apiError(c, 403, "forbidden_host", "This Worker runs locally (FASTHOOKS_LOCAL=1): use localhost, 127.0.0.1 or [::1]");
    }
    const origin = c.req.header("Origin");
    if (origin !== undefined && !isLocalOrigin(origin)) {
      return apiError(c, 403, "forbidden_origin", "This Worker runs locally (FASTHOOKS_LOCAL=1): it answers no other site's pages");
    }
    return next();
  };
}
