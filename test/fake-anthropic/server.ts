// A fake Anthropic Messages API on loopback, speaking its wire format, scripted by the tests:
// no test reaches the internet. A request picks its script by a tag in its first user message,
// "[fake:NAME]", so tests running side by side never share one.
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface Step {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Answered only once the test releases its scenario (POST /__scenario/NAME/release): a call held open. */
  hold?: boolean;
}

interface Recorded {
  path: string;
  headers: IncomingMessage["headers"];
  body: any;
}

interface Scenario {
  steps: Step[];
  requests: Recorded[];
  /** Answers held until a release. */
  held: (() => void)[];
  /** Released: a held step that arrives later is answered at once. */
  released?: true;
}

const TAG = /\[fake:([\w-]+)\]/;

export function startFakeAnthropic(apiKey: string): Promise<{ url: string; server: Server }> {
  const scenarios = new Map<string, Scenario>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${Date.now()}`, ...headers });
      res.end(JSON.stringify(body));
    };
    const apiError = (status: number, type: string, message: string) => send(status, { type: "error", error: { type, message } });
    const control = /^\/__scenario\/([\w-]+)(\/requests|\/release)?$/.exec(req.url ?? "");
    if (control) {
      const name = control[1]!;
      if (control[2] === "/release") {
        const scenario = scenarios.get(name);
        if (scenario) scenario.released = true;
        for (const release of scenario?.held.splice(0) ?? []) release();
        return send(200, { ok: true });
      }
      if (req.method === "POST") {
        scenarios.set(name, { steps: (JSON.parse(text) as { steps: Step[] }).steps, requests: [], held: [] });
        return send(200, { ok: true });
      }
      return send(200, scenarios.get(name)?.requests ?? []);
    }
    if (req.method !== "POST" || !req.url?.endsWith("/v1/messages")) return apiError(404, "not_found_error", `no route ${req.url}`);
    // The SDK sends the key as x-api-key (or as a bearer token): the fake accepts either.
    const presented = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer /, "");
    if (presented !== apiKey) return apiError(401, "authentication_error", "invalid x-api-key");
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      return apiError(400, "invalid_request_error", "body is not JSON");
    }
    const name = TAG.exec(JSON.stringify(body.messages?.[0]?.content ?? ""))?.[1];
    const scenario = name ? scenarios.get(name) : undefined;
    if (!scenario) return apiError(400, "invalid_request_error", `no scenario for this request (tag ${name ?? "missing"})`);
    scenario.requests.push({ path: req.url, headers: req.headers, body });
    const step = scenario.steps.shift();
    if (!step) return apiError(500, "api_error", `scenario ${name} has no step left`);
    if (step.hold && !scenario.released) await new Promise<void>((resolve) => scenario.held.push(resolve));
    send(step.status ?? 200, step.body, step.headers);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server });
    });
  });
}
