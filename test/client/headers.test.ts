// On wrangler's own runtime (as `npm start` and a deployment serve them): the team page's
// static files carry their security headers (public/_headers), and a Worker run locally
// refuses requests addressed to another name, as a DNS-rebinding page would send them.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FIXTURE_WORKER, type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

const url = inject("workerUrl");

/** A GET with the Host header we choose (fetch would send the URL's own). */
function get(base: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the team page's static files", () => {
  it.each(["/", "/app.js", "/style.css"])("%s carries a CSP, frame-ancestors 'none', nosniff and a referrer policy", async (path) => {
    const res = await get(url, path);
    expect(res.status).toBe(200);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("does not serve the _headers file itself", async () => {
    const res = await get(url, "/_headers");
    expect(res.status).toBe(404);
    expect(res.body).not.toContain("Content-Security-Policy");
  });

  it("and the API answers with headers of its own", async () => {
    const res = await get(url, "/v1/health");
    expect(res.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("a Worker run locally (FASTHOOKS_LOCAL=1, as .dev.vars.example sets it)", () => {
  let local: LocalWorker;
  const devToken = { authorization: "Bearer fasthooks-dev-token" };

  beforeAll(async () => {
    local = await startLocalWorker({ "fasthooks-dev-token": { team: "local", member: "dev" } }, { FASTHOOKS_LOCAL: "1" }, FIXTURE_WORKER);
  });
  afterAll(() => local?.dispose());

  it("takes the public dev token from this machine", async () => {
    const res = await get(local.url.origin, "/v1/sessions", devToken);
    expect(res.status).toBe(200);
  });

  it("refuses a request addressed to another name (a page that rebound its name to 127.0.0.1)", async () => {
    const res = await get(local.url.origin, "/v1/sessions", { ...devToken, host: `attacker.example:${local.url.port}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe("forbidden_host");
  });

  it("refuses another site's page, even addressed to localhost", async () => {
    const res = await get(local.url.origin, "/v1/sessions", { ...devToken, origin: "https://attacker.example" });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe("forbidden_origin");
  });

  it("is not what the shared test Worker (deployed, as it were) does with the dev token", async () => {
    const res = await get(url, "/v1/sessions", devToken);
    expect(res.status).toBe(401);
  });
});
