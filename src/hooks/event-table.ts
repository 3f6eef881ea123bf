/**
 * What Claude Code 2.1.332 does with each hook event, a row per event, from which the framework
 * derives the rest (event types, answers, matchers, settings entries). `npm run claude-code --
 * --check latest` lists what a newer one has that the rows lack (docs/claude-code-hooks.md says
 * where in its bundle each column comes from). No imports with weight: the CLI bundles this file.
 */
import type * as E from "./events";
import type { AllowResponse, ApprovePermissionResponse, HookResponse, HookResponseKind, StopResponse } from "./responses";

declare const eventType: unique symbol;
/** An event's own input fields, as its row lists them, carrying its interface for the types. */
export type Input<T> = readonly string[] & { readonly [eventType]?: T };

type Known<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] } & string;
type IsOptional<T, K extends keyof T> = Partial<Pick<T, K>> extends Pick<T, K> ? true : false;
type RequiredIn<T, K extends keyof T> = IsOptional<T, K> extends true ? never : K;
/** T's fields beyond B's, and B's optional ones that T requires (SubagentStart's agent_id). */
type Own<T, B> = {
  [K in Known<T>]: K extends "session_id" | "hook_event_name" ? never : K extends Known<B> ? RequiredIn<T, K> : K;
}[Known<T>];
/** How a row names a field: "name", or "name?" when Claude Code may leave it out. */
type FieldName<T, B> = { [K in Own<T, B>]: IsOptional<T, K> extends true ? `${K}?` : K }[Own<T, B>];
type Words<S extends string> = S extends `${infer Word} ${infer Rest}` ? Word | Words<Rest> : S;
type Exactly<All, Listed> = [Exclude<All, Listed> | Exclude<Listed, All>] extends [never]
  ? unknown
  : { missing: Exclude<All, Listed>; extra: Exclude<Listed, All> };

/** The fields of T (beyond B's) on one line: the compiler refuses a name T does not have, or a line missing one. */
const fields =
  <T, B = E.BaseEvent>() =>
  <const S extends string>(line: S & Exactly<FieldName<T, B>, Words<S>>): Input<T> =>
    line.split(" ");

/** What every event's input has (names only: the Worker is lenient about them, see baseEventSchema). */
export const BASE_INPUT = fields<E.BaseEvent, object>()(
  "transcript_path? cwd? prompt_id? permission_mode? agent_id? agent_type? effort? scratchpad_dir?",
);

/** Answers every event takes: `allow()` and `stop()`. */
export const COMMON_ANSWERS = ["allow", "stop"] as const satisfies readonly HookResponseKind[];
/** Fields of every answer that no response makes: a terminal escape sequence is not a Worker's to send. */
export const COMMON_NOT_OFFERED = ["terminalSequence"] as const;

export interface EventRow {
  input: Input<unknown>;
  /** The field its matcher is tested against. None: a matcher means nothing there, every hook runs. */
  match?: string;
  /** How that field is read: a model id without its "[1m]" suffix, a path's base name. */
  matchValue?: "model id" | "base name";
  /** false: its matcher takes no "," lists (nor spaces and "-" in names). Others with a match field do ("Edit, Write"). */
  commaLists?: false;
  /** What a handler may answer besides `allow()` and `stop()`; with "ask", a handler may ask. */
  answers: readonly Exclude<HookResponseKind, (typeof COMMON_ANSWERS)[number]>[];
  /** Options of `approvePermission()` that its answer has no field for. */
  approveRefuses?: readonly ("reason" | "updatedInput" | "updatedPermissions")[];
  /** Fields of Claude Code's answer that no response makes (say why beside them). */
  notOffered?: readonly string[];
  /** A decision before the action (a permission guard to Claude Code): failing closed denies, never in the background. */
  decision?: true;
  /** Claude Code skips HTTP hooks for it: its entry is always the command shim. */
  commandOnly?: true;
}

const blockOrContext = ["block", "context"] as const;
const modelSwitch =
  "from_model to_model requested_model source context_tokens prompt_cache_warm cache_ttl estimated_cache_write_usd pricing";
const taskFields = "task_id task_subject task_description? teammate_name? team_name?";

/** Claude Code's events, in its own order. */
export const EVENT_TABLE = {
  PreToolUse: {
    input: fields<E.PreToolUseEvent>()("tool_name tool_input tool_use_id mcp_server?"),
    match: "tool_name",
    answers: ["deny", "ask", "defer", "context", "approvePermission"],
    approveRefuses: ["updatedPermissions"],
    notOffered: ["permissionDisplay"], // a desktop host's own wording of its permission card
    decision: true,
  },
  PostToolUse: {
    input: fields<E.PostToolUseEvent>()("tool_name tool_input tool_use_id tool_response duration_ms? mcp_server?"),
    match: "tool_name",
    answers: blockOrContext,
    // For SDK hosts: the permission classifier's context, and rewriting a tool's output.
    notOffered: ["classifierContext", "updatedToolOutput", "updatedMCPToolOutput"],
  },
  PostToolUseFailure: {
    input: fields<E.PostToolUseFailureEvent>()("tool_name tool_input tool_use_id error is_interrupt? duration_ms? mcp_server?"),
    match: "tool_name",
    answers: blockOrContext,
  },
  PostToolBatch: { input: fields<E.PostToolBatchEvent>()("tool_calls"), answers: blockOrContext },
  Notification: {
    input: fields<E.NotificationEvent>()("message title? notification_type"),
    match: "notification_type",
    answers: ["context"],
  },
  UserPromptSubmit: {
    input: fields<E.UserPromptSubmitEvent>()("prompt source? session_title?"),
    answers: blockOrContext,
    notOffered: ["sessionTitle", "suppressOriginalPrompt"], // the user's session to rename, the user's prompt to hide
  },
  UserPromptExpansion: {
    input: fields<E.UserPromptExpansionEvent>()("expansion_type command_name command_args command_source? prompt"),
    match: "command_name",
    answers: blockOrContext,
    notOffered: ["suppressOriginalPrompt"],
  },
  SessionStart: {
    input: fields<E.SessionStartEvent>()(
      "source model? session_title? seconds_since_last_response? context_tokens? prompt_cache_likely_expired? estimated_cache_write_usd?",
    ),
    match: "source",
    answers: ["context", "watchPaths"],
    notOffered: ["initialUserMessage", "sessionTitle", "reloadSkills"], // the user's session to shape, not a team's hooks'
    commandOnly: true,
  },
  SessionEnd: { input: fields<E.SessionEndEvent>()("reason"), match: "reason", answers: [] },
  Stop: {
    input: fields<E.StopEvent>()("stop_hook_active last_assistant_message? background_tasks? session_crons?"),
    answers: blockOrContext,
  },
  StopFailure: {
    input: fields<E.StopFailureEvent>()("error error_details? last_assistant_message?"),
    match: "error",
    commaLists: false,
    answers: [],
  },
  SubagentStart: { input: fields<E.SubagentStartEvent>()("agent_id agent_type"), match: "agent_type", answers: ["context"] },
  SubagentStop: {
    input: fields<E.SubagentStopEvent>()(
      "stop_hook_active agent_id agent_type agent_transcript_path last_assistant_message? background_tasks? session_crons?",
    ),
    match: "agent_type",
    answers: blockOrContext,
  },
  PreCompact: { input: fields<E.PreCompactEvent>()("trigger custom_instructions"), match: "trigger", answers: ["block"] },
  PostCompact: { input: fields<E.PostCompactEvent>()("trigger compact_summary"), match: "trigger", answers: [] },
  PreModelSwitch: {
    input: fields<E.PreModelSwitchEvent>()(modelSwitch),
    match: "to_model",
    matchValue: "model id",
    answers: ["deny", "ask", "approvePermission"],
    approveRefuses: ["updatedInput", "updatedPermissions"],
  },
  PostModelSwitch: {
    input: fields<E.PostModelSwitchEvent>()(modelSwitch),
    match: "to_model",
    matchValue: "model id",
    answers: ["context"],
  },
  PermissionRequest: {
    input: fields<E.PermissionRequestEvent>()("tool_name tool_input permission_suggestions? mcp_server? tool_kind? mcp_skill?"),
    match: "tool_name",
    answers: ["deny", "ask", "denyPermission", "approvePermission"],
    approveRefuses: ["reason"],
    decision: true,
  },
  PermissionDenied: {
    input: fields<E.PermissionDeniedEvent>()("tool_name tool_input tool_use_id reason mcp_server?"),
    match: "tool_name",
    answers: ["retry"],
  },
  Setup: { input: fields<E.SetupEvent>()("trigger"), match: "trigger", answers: ["context"], commandOnly: true },
  TeammateIdle: { input: fields<E.TeammateIdleEvent>()("teammate_name team_name"), answers: ["block"] },
  TaskCreated: { input: fields<E.TaskCreatedEvent>()(taskFields), answers: ["block"] },
  TaskCompleted: { input: fields<E.TaskCompletedEvent>()(taskFields), answers: ["block"] },
  Elicitation: {
    input: fields<E.ElicitationEvent>()("mcp_server_name message mode? url? elicitation_id? requested_schema?"),
    match: "mcp_server_name",
    answers: ["block", "elicitation"],
  },
  ElicitationResult: {
    input: fields<E.ElicitationResultEvent>()("mcp_server_name elicitation_id? mode? action content?"),
    match: "mcp_server_name",
    answers: ["block", "elicitation"],
  },
  ConfigChange: { input: fields<E.ConfigChangeEvent>()("source file_path?"), match: "source", answers: ["block"] },
  WorktreeCreate: { input: fields<E.WorktreeCreateEvent>()("name"), answers: ["worktreePath"] },
  WorktreeRemove: { input: fields<E.WorktreeRemoveEvent>()("worktree_path"), answers: [] },
  InstructionsLoaded: {
    input: fields<E.InstructionsLoadedEvent>()("file_path memory_type load_reason globs? trigger_file_path? parent_file_path?"),
    match: "load_reason",
    answers: [],
  },
  CwdChanged: { input: fields<E.CwdChangedEvent>()("old_cwd new_cwd"), answers: ["watchPaths"] },
  FileChanged: {
    input: fields<E.FileChangedEvent>()("file_path event"),
    match: "file_path",
    matchValue: "base name",
    commaLists: false,
    answers: ["watchPaths"],
  },
  DirectoryAdded: { input: fields<E.DirectoryAddedEvent>()("directory source"), match: "source", answers: [] },
  MessageDisplay: { input: fields<E.MessageDisplayEvent>()("turn_id message_id index final delta"), answers: ["displayContent"] },
  PreSkillShellCommand: {
    input: fields<E.PreSkillShellCommandEvent>()("tool_name tool_input tool_use_id command_name command_source? invoked_by"),
    match: "tool_name",
    // Claude Code turns a deny into a block; ask and defer keep the command from running too
    // (a skill cannot wait for a person), and allow adds nothing: only deny() means something.
    answers: ["deny"],
    notOffered: ["updatedInput"], // never applied: any value keeps the command from running
    decision: true,
  },
} as const satisfies Record<string, EventRow>;

type EventTable = typeof EVENT_TABLE;
export type KnownHookEvent = keyof EventTable;
/** Claude Code's events, in its own order. Any other name is accepted too: `on()` takes any string. */
export const HOOK_EVENTS = Object.keys(EVENT_TABLE) as KnownHookEvent[];

/** Event name -> its typed event. */
export type HookEvents = { [Name in KnownHookEvent]: EventTable[Name]["input"] extends Input<infer T> ? T : never };
/** The typed event of a name; other names get the base shape. */
export type EventOf<Name extends string> = Name extends KnownHookEvent ? HookEvents[Name] : E.BaseEvent;

/** The row of an event, or undefined for one Claude Code added after this table. */
export function rowOf(event: string): EventRow | undefined {
  return Object.hasOwn(EVENT_TABLE, event) ? EVENT_TABLE[event as KnownHookEvent] : undefined;
}

function eventsWhere(test: (row: EventRow) => unknown): ReadonlySet<string> {
  return new Set(HOOK_EVENTS.filter((event) => test(EVENT_TABLE[event])));
}

/** Events whose name lists take ",". */
export const LISTS_WITH_COMMAS = eventsWhere((row) => row.match !== undefined && row.commaLists !== false);
/** Events whose answer is a decision taken before the action (see `EventRow.decision`). */
export const DECISION_EVENTS = eventsWhere((row) => row.decision);
/** Events Claude Code never sends to an HTTP hook ("HTTP hooks are not supported for SessionStart"). */
export const COMMAND_ONLY_EVENTS = eventsWhere((row) => row.commandOnly);
/** Events whose handlers can answer `ask`. */
export const ASKING_EVENTS = eventsWhere((row) => row.answers.includes("ask"));

type Common = AllowResponse | StopResponse;
type Refused<E extends KnownHookEvent> = EventTable[E] extends { approveRefuses: readonly (infer O extends string)[] } ? O : never;
/** An answer by kind; `approvePermission` without the options the event has no field for. */
type Answer<K, Refuses extends string> = K extends "approvePermission"
  ? ApprovePermissionResponse & { [O in Refuses]?: undefined }
  : Extract<HookResponse, { kind: K }>;

/**
 * The answers each event takes, as Claude Code validates and honours them (the event table's
 * `answers`). An event the table does not have (one Claude Code added later) takes the common
 * ones, which need no event name.
 */
export type ResponsesByEvent = { [E in KnownHookEvent]: Common | Answer<EventTable[E]["answers"][number], Refused<E>> };

export type ResponseFor<E extends string> = E extends keyof ResponsesByEvent ? ResponsesByEvent[E] : Common;
