import { SELF } from "cloudflare:test";
import { eventually } from "../support/eventually";

/** Tokens configured for the test Worker in vitest.config.ts. */
export const TOKENS = {
  alice: "test-token-team-a-alice",
  bob: "test-token-team-a-bob-00",
  carol: "test-token-team-b-carol",
  admin: "test-token-team-a-admin",
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

/** The fields Claude Code puts on every event, as it sends them. */
export function claudeEvent(session: string, hook_event_name: string, fields: Record<string, unknown>) {
  return {
    session_id: session,
    transcript_path: `/Users/ada/.claude/projects/-Users-ada-src-shop/${session}.jsonl`,
    cwd: "/Users/ada/src/shop",
    permission_mode: "default",
    hook_event_name,
    ...fields,
  };
}

let sessionCounter = 0;
/** A session id no other test uses (storage is shared within a file). */
export function newSession(label = "s"): string {
  return `${label}-${Date.now().toString(36)}-${(sessionCounter++).toString(36)}`;
}

export { eventually };

/** A live WebSocket to the Worker, collecting its JSON frames. */
export async function subscribe(path: string, headers: Record<string, string>) {
  const res = await SELF.fetch(`http://fasthooks.test${path}`, { headers: { Upgrade: "websocket", ...headers } });
  const socket = res.webSocket;
  if (!socket) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
  const frames: any[] = [];
  socket.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
  });
  socket.accept();
  return {
    frames,
    protocol: res.headers.get("Sec-WebSocket-Protocol"),
    /** Resolves with the first frame (from now on, or already received) that matches. */
    next: (match: (frame: any) => boolean) =>
      eventually(
        async () => frames.find(match),
        (frame) => frame !== undefined,
      ),
    close: () => socket.close(),
  };
}
