import type { Context, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { z } from "zod";
import type { ApiEnv } from "./env";

/** Who sent a request: a member of a team, from the `FASTHOOKS_TOKENS` secret. */
export interface Member {
  team: string;
  member: string;
  /** May delete sessions and change team settings. */
  admin: boolean;
}

const tokensSchema = z.record(
  z.string().min(16, "tokens must be at least 16 characters"),
  z.object({
    team: z.string().min(1),
    member: z.string().min(1),
    admin: z.boolean().default(false),
  }),
);

interface KnownToken {
  digest: ArrayBuffer;
  member: Member;
}

const encoder = new TextEncoder();
const sha256 = (text: string) => crypto.subtle.digest("SHA-256", encoder.encode(text));

// Parsed and hashed once per isolate for a given secret value.
let cached: { source: string; tokens: Promise<KnownToken[]> } | undefined;

/** The server's own configuration is wrong: a 500 that says what to fix (never the secret). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

function parseTokens(source: string | undefined) {
  if (!source) throw new ConfigError("FASTHOOKS_TOKENS is not set: no request can be authenticated");
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    throw new ConfigError("FASTHOOKS_TOKENS is not JSON");
  }
  const parsed = tokensSchema.safeParse(json);
  if (!parsed.success) {
    // Issue paths would name the tokens themselves: give the messages only.
    const problems = [...new Set(parsed.error.issues.map((issue) => issue.message))].join("; ");
    throw new ConfigError(`FASTHOOKS_TOKENS is not {"<token>": {"team", "member", "admin"?}}: ${problems}`);
  }
  return parsed.data;
}

function knownTokens(source: string | undefined): Promise<KnownToken[]> {
  if (cached && cached.source === source) return cached.tokens;
  const tokens = Promise.all(
    Object.entries(parseTokens(source)).map(async ([token, member]) => ({ digest: await sha256(token), member })),
  );
  cached = { source: source!, tokens };
  return tokens;
}

/**
 * The member a token belongs to, or null. Compares the token's hash against every known
 * token's, in constant time, without stopping at a match.
 */
export async function memberForToken(token: string, source: string | undefined): Promise<Member | null> {
  const [known, digest] = await Promise.all([knownTokens(source), sha256(token)]);
  let found: Member | null = null;
  for (const candidate of known) {
    if (crypto.subtle.timingSafeEqual(candidate.digest, digest)) found = candidate.member;
  }
  return found;
}

const unauthorized = (message: string) => (c: Context) =>
  c.json({ error: { code: "unauthorized", message } }, 401, { "WWW-Authenticate": 'Bearer realm="fasthooks"' });

/**
 * Browsers cannot set headers on a WebSocket: the page offers the subprotocols
 * `fasthooks, bearer.<base64url(token)>` instead, and this reads the token from there.
 */
export function tokenFromWebSocketProtocols(header: string | undefined): string | null {
  const offered = header?.split(",").map((protocol) => protocol.trim()) ?? [];
  const carrier = offered.find((protocol) => protocol.startsWith("bearer."));
  if (!carrier) return null;
  try {
    return atob(carrier.slice("bearer.".length).replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
}

/**
 * `Authorization: Bearer <token>` (or, for a browser's WebSocket, the token in its
 * subprotocols) -> `c.var.member`; 401 with a JSON error otherwise.
 */
export function requireMember(): MiddlewareHandler<ApiEnv> {
  const fromHeader = bearerFromHeader();
  return async (c, next) => {
    const token = c.req.header("Authorization") ? null : tokenFromWebSocketProtocols(c.req.header("Sec-WebSocket-Protocol"));
    if (token === null) return fromHeader(c, next);
    const member = await memberForToken(token, c.env.FASTHOOKS_TOKENS);
    if (!member) return unauthorized("Unknown token")(c);
    c.set("member", member);
    await next();
  };
}

/** After requireMember: 403 unless the member is a team admin. */
export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.get("member").admin) {
      return c.json({ error: { code: "forbidden", message: "Only a team admin may do this" } }, 403);
    }
    await next();
  };
}

function bearerFromHeader(): MiddlewareHandler<ApiEnv> {
  return bearerAuth<ApiEnv>({
    realm: "fasthooks",
    verifyToken: async (token, c) => {
      const member = await memberForToken(token, c.env.FASTHOOKS_TOKENS);
      if (member) c.set("member", member);
      return member !== null;
    },
    noAuthenticationHeader: { message: unauthorized("Send Authorization: Bearer <token>") },
    invalidAuthenticationHeader: { message: unauthorized("The Authorization header is not 'Bearer <token>'") },
    invalidToken: { message: unauthorized("Unknown token") },
  });
}
