// Headers, secrets and local development: what the API sends with every answer, how a broken
// FASTHOOKS_TOKENS is told (to the operator, not to callers), the public dev token, and a
// local Worker that only its own machine may drive.
import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/create-api";
import { DEV_TOKEN } from "../../src/api/tokens";
import { resolveModel } from "../../src/claude/models";
import { call, newSession, TOKENS } from "./helpers";
import { fixtureApp } from "./support/worker";

afterEach(() => vi.restoreAllMocks());

const api = createApi(fixtureApp);

/** A request to a Worker configured otherwise than the test Worker. */
async function callWith(vars: Partial<Env>, url: string, init: RequestInit = {}) {
  const res = await api.fetch(new Request(url, init), { ...env, ...vars }, createExecutionContext());
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const localVars = {
  FASTHOOKS_LOCAL: "1",
  FASTHOOKS_TOKENS: JSON.stringify({ [DEV_TOKEN]: { team: "local", member: "dev", admin: true } }),
};

describe("headers", () => {
  it("go with every API answer: no framing, no sniffing, no referrer, nothing loaded", async () => {
    for (const res of [
      await api.fetch(new Request("http://w/v1/health"), env, createExecutionContext()),
      await api.fetch(new Request("http://w/v1/sessions"), env, createExecutionContext()),
      await api.fetch(new Request("http://w/v1/nothing"), env, createExecutionContext()),
      await api.fetch(new Request("http://w/v1/sessions", bearer(TOKENS.alice)), env, createExecutionContext()),
      // Passed on from a Durable Object (a 426: live events want a WebSocket).
      await api.fetch(new Request("http://w/v1/sessions/s1/events", bearer(TOKENS.alice)), env, createExecutionContext()),
    ]) {
      expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    }
  });
});

describe("authentication", () => {
  it("takes the Authorization header only as exactly 'Bearer <token>', and says so", async () => {
    // (Whitespace around a header's value is not part of it in HTTP: fetch and the runtime drop it.)
    for (const header of [
      `Bearer  ${TOKENS.alice}`,
      `Bearer ${TOKENS.alice} x`,
      `bearer ${TOKENS.alice}`,
      `Bearer\t${TOKENS.alice}`,
      "Bearer",
    ]) {
      const res = await api.fetch(
        new Request("http://w/v1/sessions", { headers: { authorization: header } }),
        env,
        createExecutionContext(),
      );
      expect(res.status, header).toBe(401);
      expect(((await res.json()) as any).error).toEqual({
        code: "unauthorized",
        message: "The Authorization header must be exactly 'Bearer <token>': one space, no other spaces, nothing after the token",
      });
    }
    expect((await api.fetch(new Request("http://w/v1/sessions", bearer(TOKENS.alice)), env, createExecutionContext())).status).toBe(200);
  });

  it("hashes the token once per request on the hook and index routes", async () => {
    await call("/v1/sessions"); // the known tokens are hashed once per isolate, before counting
    const digest = vi.spyOn(crypto.subtle, "digest");
    expect((await call("/v1/sessions")).status).toBe(200);
    expect(digest).toHaveBeenCalledTimes(1);
    digest.mockClear();
    const hook = await call("/v1/hooks", {
      method: "POST",
      body: { session_id: newSession("auth-once"), hook_event_name: "Notification", message: "hi" },
    });
    expect(hook.status).toBe(200);
    expect(digest).toHaveBeenCalledTimes(1);
  });
});

describe("a misconfigured FASTHOOKS_TOKENS", () => {
  const broken: [string, string | undefined, RegExp][] = [
    ["missing", undefined, /FASTHOOKS_TOKENS is not set/],
    ["not JSON", '{"secret-token-0000000": ', /FASTHOOKS_TOKENS is not JSON/],
    ["a short token", JSON.stringify({ "short-secret": { team: "t", member: "m" } }), /shorter than 16 characters/],
    [
      "a member name that is half an emoji",
      JSON.stringify({ "secret-token-0000000": { team: "t", member: "ada😀".slice(0, -1) } }),
      /member: member must be well-formed Unicode/,
    ],
    ["a list", JSON.stringify(["secret-token-0000000"]), /must be an object/],
  ];

  it.each(broken)("(%s) tells callers only that it is, and the operator why", async (_name, tokens, why) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await callWith({ FASTHOOKS_TOKENS: tokens }, "http://w/v1/sessions", bearer("secret-token-0000000"));
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("server_misconfigured");
    expect(answer.body.error.message).not.toMatch(why);
    expect(answer.body.error.message).toMatch(/health\?deep=1/);
    expect(errors.mock.calls.flat().join(" ")).toMatch(why);
    const health = await callWith({ FASTHOOKS_TOKENS: tokens }, "http://w/v1/health?deep=1");
    expect(health.body.status).toBe("degraded");
    expect(health.body.checks.tokens).toMatch(why);
    // Never the secret itself, in either place.
    expect(JSON.stringify(health.body)).not.toContain("secret");
    expect(errors.mock.calls.flat().join(" ")).not.toContain("secret-token");
  });

  it("is reported healthy once right", async () => {
    const health = await call("/v1/health?deep=1", { token: null });
    expect(health.body.checks.tokens).toBe("set");
  });
});

describe("the public dev token", () => {
  it("is refused by a deployed Worker, saying why, and the operator is told it is there", async () => {
    const deployed = { ...localVars, FASTHOOKS_LOCAL: undefined };
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const answer = await callWith(deployed, "http://w/v1/sessions", bearer(DEV_TOKEN));
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/works only on a Worker run locally/);
    const health = await callWith(deployed, "http://w/v1/health?deep=1");
    expect(health.body.checks.tokens).toMatch(/public dev token .* is ignored/);
  });

  it("works on a local Worker, but never as an admin", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect((await callWith(localVars, "http://localhost:8787/v1/sessions", bearer(DEV_TOKEN))).status).toBe(200);
    const settings = await callWith(localVars, "http://localhost:8787/v1/team/settings", {
      method: "PUT",
      headers: { authorization: `Bearer ${DEV_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ retentionSeconds: 60 }),
    });
    expect(settings.status).toBe(403);
    expect((await callWith(localVars, "http://localhost:8787/v1/health?deep=1")).body.checks.tokens).toMatch(/never an admin/);
  });
});

describe("a local Worker (FASTHOOKS_LOCAL=1)", () => {
  it("answers requests addressed to this machine", async () => {
    for (const host of ["localhost:8787", "127.0.0.1:8787", "[::1]:8787"]) {
      const answer = await callWith(localVars, `http://${host}/v1/sessions`, bearer(DEV_TOKEN));
      expect(answer.status, host).toBe(200);
    }
    const fromItsPage = await callWith(localVars, "http://localhost:8787/v1/sessions", {
      headers: { authorization: `Bearer ${DEV_TOKEN}`, origin: "http://localhost:8787" },
    });
    expect(fromItsPage.status).toBe(200);
  });

  it("refuses a name rebound to 127.0.0.1 (DNS rebinding), and other sites' pages", async () => {
    const rebound = await callWith(localVars, "http://attacker.example:8787/v1/sessions", bearer(DEV_TOKEN));
    expect(rebound.status).toBe(403);
    expect(rebound.body.error.code).toBe("forbidden_host");
    expect((await callWith(localVars, "http://attacker.example:8787/v1/health")).status).toBe(403);
    for (const origin of ["https://attacker.example", "null"]) {
      const page = await callWith(localVars, "http://localhost:8787/v1/sessions/events", {
        headers: { Upgrade: "websocket", origin, "Sec-WebSocket-Protocol": `fasthooks, bearer.${btoa(DEV_TOKEN)}` },
      });
      expect(page.status, origin).toBe(403);
      expect(page.body.error.code).toBe("forbidden_origin");
    }
  });

  it("is not what a deployed Worker does: any host may call it", async () => {
    expect((await call("/v1/health", { token: null })).status).toBe(200); // http://fasthooks.test
  });
});

describe("FASTHOOKS_MODEL_ALIASES", () => {
  it("when malformed, shows in the deep health check and leaves the built-in aliases in use", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const aliases of ["not json", '["claude-sonnet-5-5"]', '{"sonnet": 5}', '{"sonnet": ""}']) {
      const health = await callWith({ FASTHOOKS_MODEL_ALIASES: aliases }, "http://w/v1/health?deep=1");
      expect(health.body.status, aliases).toBe("degraded");
      expect(health.body.checks.modelAliases, aliases).toMatch(/^invalid, the built-in aliases are used: FASTHOOKS_MODEL_ALIASES/);
      expect(resolveModel("sonnet", aliases)).toBe("claude-sonnet-5-5");
    }
    expect(errors).toHaveBeenCalled();
    const good = await callWith({ FASTHOOKS_MODEL_ALIASES: '{"sonnet": "claude-sonnet-5"}' }, "http://w/v1/health?deep=1");
    expect(good.body.checks.modelAliases).toBe("set");
  });
});
