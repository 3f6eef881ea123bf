/**
 * The default app's hooks as a member's Claude Code sends them, each on a fresh session, set up
 * so that the hook measured meets the state it is named after: what src/app/hops.test.ts holds
 * to its hop goals and bench/hops.bench.test.ts times with every call into an object delayed.
 * Requests only (no import of the app): the Worker under test decides what it runs.
 */
import { env, SELF } from "cloudflare:test";
import { TEAM_SCOPE } from "../../../src/tasks/tasks";
import type { Step } from "../../fake-anthropic/server";

/** The objects a hook may call, by name: a session's store, the team's store, the team index. */
export function objectOf(namespace: DurableObjectNamespace, id: DurableObjectId): string {
  if (namespace === (env as Env).TEAM_INDEX) return "team index";
  if (namespace === (env as Env).MEMORY_STORE) return "memory store";
  const [, session] = JSON.parse(id.name ?? "[]") as string[];
  return session === TEAM_SCOPE ? "team store" : "session store";
}

/** What the queue consumer calls: never a hook's to call, so never on a hook's path. */
export const QUEUE_SIDE_METHODS = ["claim", "renew", "complete", "fail", "deadLetter"] as const;

/** Sends one hook event to the Worker under test; answers its status and JSON body. */
export type SendHook = (event: Record<string, unknown>) => Promise<{ status: number; body: any }>;

export interface HookScenario {
  name: string;
  /** The most calls in a row its answer may wait for (issue 18's goals). */
  goal: number;
  /** Brings a fresh session to the state the hook meets; answers the hook to measure. */
  prepare(send: SendHook, tools: ScenarioTools): Promise<{ event: Record<string, unknown>; cleanup?: () => Promise<void> }>;
}

/** What the scenarios need of their surroundings: the fake Claude API and the team store's state. */
export interface ScenarioTools {
  /** Scripts the fake Anthropic API (test/fake-anthropic) for requests tagged [fake:name]. */
  script(name: string, steps: Step[]): Promise<void>;
  release(name: string): Promise<void>;
  /** Resolves once the team's task under `key` has finished. */
  teamFinished(key: string): Promise<void>;
  /** Resolves once the session's task under `key` has finished. */
  sessionFinished(session: string, key: string): Promise<void>;
}

/** Sends a hook event to the Worker under test (SELF) as the member `token`. */
export function restSendHook(token: string): SendHook {
  return async (event) => {
    const res = await SELF.fetch("http://scenario.test/v1/hooks", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: await res.json() };
  };
}

/**
 * The scenarios' tools against the Worker under test (SELF), as the member `token`: the fake
 * Claude API's script and release, and a wait on a team's or a session's task over REST.
 */
export function restScenarioTools(token: string): ScenarioTools {
  const fake = (path: string, body?: string) => fetch(`${(env as Env).ANTHROPIC_BASE_URL}/__scenario/${path}`, { method: "POST", body });
  const finished = async (path: string, what: string) => {
    const res = await SELF.fetch(`http://scenario.test${path}/wait?timeout=20`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${what} did not finish: ${res.status} ${await res.text()}`);
  };
  return {
    script: async (name, steps) => void (await fake(name, JSON.stringify({ steps }))),
    release: async (name) => void (await fake(`${name}/release`)),
    teamFinished: (key) => finished(`/v1/team/tasks/${encodeURIComponent(key)}`, `the team's ${key}`),
    sessionFinished: (session, key) => finished(`/v1/sessions/${session}/tasks/${encodeURIComponent(key)}`, `the session's ${key}`),
  };
}

let counter = 0;
export const fresh = (label: string) => `hops-${label}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

function event(session: string, hook_event_name: string, fields: Record<string, unknown> = {}) {
  return { session_id: session, cwd: "/home/ada/shop", permission_mode: "default", hook_event_name, ...fields };
}

const prompt = (session: string) => event(session, "UserPromptSubmit", { prompt: "and now?" });
/** Every session's first hook. */
export const sessionStart = (session: string) => event(session, "SessionStart", { source: "startup" });
export const write = (session: string, path: string, content: string) =>
  event(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path: path, content }, tool_use_id: `toolu_${fresh("w")}` });

/** A Python file no other run has written (so its review is new to the team), tagged for the fake API. */
export function pythonFile(tag: string): string {
  return `# [fake:${tag}] ${fresh("file")}\ndef area(r):\n    return 3.14 * r * r\n`;
}

export async function reviewKey(language: string, content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${language}\0${content}`));
  return `review:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

export const reviewAnswer = (text: string): Step => ({
  body: {
    id: `msg_${fresh("m")}`,
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5",
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  },
});

/** `n` .py files written in one session, their reviews held open by the fake (pending) or answered (ready). */
function withReviews(n: number, state: "pending" | "ready"): HookScenario["prepare"] {
  return async (send, tools) => {
    const session = fresh(`reviews-${state}`);
    const tag = fresh("tag");
    await tools.script(
      tag,
      Array.from({ length: n }, () => (state === "pending" ? { ...reviewAnswer("Fine."), hold: true } : reviewAnswer("Fine."))),
    );
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const content = pythonFile(tag);
      const written = await send(write(session, `/home/ada/shop/f${i}.py`, content));
      if (written.status !== 200) throw new Error(`write answered ${written.status}`);
      keys.push(await reviewKey("Python", content));
    }
    if (state === "ready") for (const key of keys) await tools.teamFinished(key);
    return { event: prompt(session), cleanup: () => tools.release(tag) };
  };
}

/** A page of the allowed documentation site (FASTHOOKS_FETCH_ALLOWLIST; none allowed: the prefetch does nothing). */
function page(label: string): string {
  const origin = ((env as Env).FASTHOOKS_FETCH_ALLOWLIST ?? "").split(",")[0] || "https://docs.example";
  return `${origin}/hops/${fresh(label)}.html`;
}
const webFetch = (session: string, url: string) =>
  event(session, "PreToolUse", { tool_name: "WebFetch", tool_input: { url, prompt: "read it" }, tool_use_id: `toolu_${fresh("f")}` });

/** A page prefetched in the session (and, with `review`, a review ready too): the prompt after. */
function withPage(review: boolean): HookScenario["prepare"] {
  return async (send, tools) => {
    const session = fresh("page");
    const url = page("page");
    const fetched = await send(webFetch(session, url));
    if (fetched.status !== 200) throw new Error(`WebFetch answered ${fetched.status}`);
    if (review) {
      const tag = fresh("tag");
      await tools.script(tag, [reviewAnswer("Fine.")]);
      const content = pythonFile(tag);
      await send(write(session, "/home/ada/shop/area.py", content));
      await tools.teamFinished(await reviewKey("Python", content));
    }
    if ((env as Env).FASTHOOKS_FETCH_ALLOWLIST) await tools.teamFinished(`doc:${url}`);
    return { event: prompt(session) };
  };
}

/** The default app's hooks and the most calls in a row each may wait for. */
export const DEFAULT_APP_HOOKS: HookScenario[] = [
  { name: "UserPromptSubmit, nothing ready", goal: 1, prepare: async () => ({ event: prompt(fresh("prompt")) }) },
  {
    name: "PreToolUse Write of a .py file",
    goal: 2,
    prepare: async () => ({ event: write(fresh("write"), "/home/ada/shop/area.py", pythonFile(fresh("unscripted"))) }),
  },
  { name: "UserPromptSubmit, a review pending", goal: 2, prepare: withReviews(1, "pending") },
  { name: "UserPromptSubmit, a review ready", goal: 2, prepare: withReviews(1, "ready") },
  { name: "UserPromptSubmit, 20 reviews ready", goal: 2, prepare: withReviews(20, "ready") },
  {
    // The memory lookup (src/app/memory.ts): the last search's result popped, the next queued; no call to the memory.
    name: "UserPromptSubmit, a memory search done",
    goal: 1,
    prepare: async (send, tools) => {
      const session = fresh("memory");
      await send(event(session, "UserPromptSubmit", { prompt: "how do the staging migrations run?" }));
      await tools.sessionFinished(session, "search_memory");
      return {
        event: event(session, "UserPromptSubmit", { prompt: "and the rollback plan?" }),
        // The search it starts runs after its answer: over before the next hook is measured.
        cleanup: () => tools.sessionFinished(session, "search_memory"),
      };
    },
  },
  { name: "PreToolUse WebFetch of an allowed page", goal: 2, prepare: async () => ({ event: webFetch(fresh("fetch"), page("fetch")) }) },
  { name: "UserPromptSubmit, a page prefetched", goal: 2, prepare: withPage(false) },
  { name: "UserPromptSubmit, a page and a review ready", goal: 2, prepare: withPage(true) },
  { name: "Stop", goal: 1, prepare: async () => ({ event: event(fresh("stop"), "Stop", { stop_hook_active: false }) }) },
];
