import { SELF } from "cloudflare:test";

/** Tokens configured for the test Worker in vitest.config.ts. */
export const TOKENS = {
  alice: "test-token-team-a-alice",
  bob: "test-token-team-a-bob-00",
  carol: "test-token-team-b-carol",
} as const;

export interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

/** A request to the Worker under test, as a client of the REST API sends it. */
export async function call(path: string, options: CallOptions = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKENS.alice : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await SELF.fetch(`http://fasthooks.test${path}`, { method: options.method ?? "GET", headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text so the assertion shows it
  }
  return { status: res.status, body: parsed };
}

let sessionCounter = 0;
/** A session id no other test uses (storage is shared within a file). */
export function newSession(label = "s"): string {
  return `${label}-${Date.now().toString(36)}-${(sessionCounter++).toString(36)}`;
}
