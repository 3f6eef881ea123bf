/**
 * The JSON bodies of the Worker's HTTP API, shared by the Worker, the CLI (client/) and the
 * tests. Self-contained on purpose: the CLI compiles it for Node, without Worker types.
 */
import type { TaskResult } from "./tasks/result";

export type { AddResult, TaskEntry, TaskError, TaskResult, TaskUsage } from "./tasks/result";
export { TaskStatus } from "./tasks/result";

/** The longest a REST wait is held open: Cloudflare ends a response silent for 100 s (error 524). */
export const REST_WAIT_MAX_SECONDS = 60;

/** Every 4xx/5xx answer. Some add context beside `error` (e.g. `task` on a 408 or 409). */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** POST /v1/sessions/:session/tasks */
export interface AddTaskBody {
  task: string;
  args?: unknown[];
  key?: string;
  ttl?: number;
  priority?: number;
}

/**
 * GET /v1/sessions/:session/tasks[?limit=&after=&prefix=&status=&values=false]: one page, oldest
 * first. `next` is the `after` of the next page, or null on the last one. A page holds at most
 * `limit` tasks (default 100, at most 1,000) and about 4 MiB of values.
 */
export interface TaskListBody {
  tasks: TaskResult[];
  next: string | null;
}

/**
 * A task in a live frame: a value over 16 KiB is left out (`valueOmitted`), so that a change
 * reaching every open page stays small; GET the task to read it.
 */
export type LiveTask = TaskResult & { valueOmitted?: true };

/** POST /v1/sessions/:session/tasks/:key/pop */
export interface PopBody {
  value: unknown;
}

/** DELETE /v1/sessions/:session/tasks */
export interface CancelAllBody {
  cancelled: number;
}

/** GET /v1/health (`checks` with ?deep=1; "degraded" when one fails) */
export interface HealthBody {
  status: "ok" | "degraded";
  time: number;
  checks?: Record<string, string>;
}

/**
 * GET /v1/hooks/events: the hook events (and tool matchers) the Worker's app handles, so
 * `install` writes exactly those into Claude Code's settings. No matcher: every tool / all.
 */
export interface HookEventsListing {
  events: { event: string; matcher?: string }[];
}

/** One session in the team index (GET /v1/sessions). */
export interface SessionSummary {
  session: string;
  /** Members who sent hooks or tasks in this session. */
  members: string[];
  createdAt: number;
  lastSeenAt: number;
  /** Live tasks by status. */
  counts: Partial<Record<TaskResult["status"], number>>;
}

/**
 * GET /v1/sessions[?limit=&after=]: the team index, most recently seen first, one page
 * (default 200 sessions, at most 1,000); `next` is the `after` of the next page, or null.
 */
export interface SessionListBody {
  sessions: SessionSummary[];
  next: string | null;
}

/**
 * Frames of GET /v1/sessions/:session/events (and /v1/team/events for the team store). The
 * snapshot holds the newest 200 tasks; `more` says there are older ones (list them over REST).
 */
export type TaskEvent =
  | { type: "snapshot"; tasks: LiveTask[]; more?: true }
  | { type: "task"; task: LiveTask }
  | { type: "removed"; key: string };

/**
 * Frames of GET /v1/sessions/events: the team index as it changes (the snapshot: the 500 most
 * recent). Changes come at most once a second, as one frame: every open page hears of every
 * session's change, so a frame per change would grow as members squared.
 */
export type SessionEvent =
  | { type: "snapshot"; sessions: SessionSummary[]; more?: true }
  | { type: "sessions"; sessions: SessionSummary[]; removed: string[] };

/** GET/PUT /v1/team/settings */
export interface TeamSettings {
  /** A cap on how long finished results live in this team, whatever a task's ttl; null: none. */
  retentionSeconds: number | null;
}
