import type { Context, MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { ApiEnv } from "./api-env";
import type { Member } from "../hooks/context";
import { DEV_TOKEN, isLocal, parseTokens } from "./tokens";

interface KnownToken {
  digest: ArrayBuffer;
  member: Member;
}

const encoder = new TextEncoder();
const sha256 = (text: string) => crypto.subtle.digest("SHA-256", encoder.encode(text));

// Parsed and hashed once per isolate for a given configuration.
let cached: { source: string | undefined; local: boolean; tokens: Promise<KnownToken[]> } | undefined;

function knownTokens(source: string | undefined, local: boolean): Promise<KnownToken[]> {
  if (cached && cached.source === source && cached.local === local) return cached.tokens;
  const { members, warnings } = parseTokens(source, local);
  for (const warning of warnings) console.warn(`fasthooks: ${warning}`);
  const tokens = Promise.all(members.map(async ([token, member]) => ({ digest: await sha256(token), member })));
  cached = { source, local, tokens };
  return tokens;
}

/**
 * The member a token belongs to, or null. Compares the token's hash against every known
 * token's, in constant time, without stopping at a match.
 */
async function memberForToken(token: string, env: Pick<Env, "FASTHOOKS_TOKENS" | "FASTHOOKS_LOCAL">): Promise<Member | null> {
  const [known, digest] = await Promise.all([knownTokens(env.FASTHOOKS_TOKENS, isLocal(env)), sha256(token)]);
  let found: Member | null = null;
  for (const candidate of known) {
    if (crypto.subtle.timingSafeEqual(candidate.digest, digest)) found = candidate.member;
  }
  return found;
}

/** The public dev token says why it is refused: it is public, so that tells nobody anything. */
function unknownToken(token: string, env: Pick<Env, "FASTHOOKS_LOCAL">): string {
  if (token === DEV_TOKEN && !isLocal(env)) {
    return `The public dev token works only on a Worker run locally (FASTHOOKS_LOCAL=1 in .dev.vars)`;
  }
  return "Unknown token";
}

/** The one form the Authorization header takes: the scheme, one space, a token (RFC 6750's b64token). */
const BEARER = /^Bearer [A-Za-z0-9._~+/-]+=*$/;
const BEARER_FORM = "The Authorization header must be exactly 'Bearer <token>': one space, no other spaces, nothing after the token";

const unauthorized = (message: string) => (c: Context) =>
  c.json({ error: { code: "unauthorized", message } }, 401, { "WWW-Authenticate": 'Bearer realm="fasthooks"' });

/**
 * Browsers cannot set headers on a WebSocket: the page offers the subprotocols
 * `fasthooks, bearer.<base64url(token)>` instead, and this reads the token from there.
 */
function tokenFromWebSocketProtocols(header: string | undefined): string | null {
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
    const header = c.req.header("Authorization");
    // Exactly `Bearer <token>`: one space, nothing after. Looser forms are refused, not guessed at.
    if (header !== undefined && !BEARER.test(header)) return unauthorized(BEARER_FORM)(c);
    const token = header ? null : tokenFromWebSocketProtocols(c.req.header("Sec-WebSocket-Protocol"));
    if (token === null) return fromHeader(c, next);
    const member = await memberForToken(token, c.env);
    if (!member) return unauthorized(unknownToken(token, c.env))(c);
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
      const member = await memberForToken(token, c.env);
      if (member) c.set("member", member);
      return member !== null;
    },
    noAuthenticationHeader: { message: unauthorized("Send Authorization: Bearer <token>") },
    invalidAuthenticationHeader: { message: unauthorized(BEARER_FORM) },
    invalidToken: {
      message: (c: Context<ApiEnv>) => unauthorized(unknownToken(c.req.header("Authorization")?.slice(7) ?? "", c.env))(c),
    },
  });
}
