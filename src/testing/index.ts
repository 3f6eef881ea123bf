/**
 * Unit-testing hook handlers without a Worker: `MockEvent` builds events shaped as Claude Code
 * sends them (test/claude-code checks each against its own input schema), `TestClient` runs them
 * through an app with tasks run at once, in-process, as the Worker would (oversized events
 * included).
 */
import { ImmediateBackend } from "../store/immediate-backend";

export { ImmediateBackend };
import { scopedTasks, Tasks } from "../tasks/tasks";
import type { Member } from "../hooks/context";
import type { HookApp } from "../hooks/hook-app";
import type { HookEvents } from "../hooks/event-table";
import type * as Events from "../hooks/events";
import type { HookOutput } from "../hooks/output";
import { cutEventText, cutPaths } from "../hooks/oversized";
import type { ToolInputOf } from "../hooks/tool-input";

const TEST_SESSION = "test-session";

type Extra = Partial<Events.BaseEvent>;
type Built<E extends keyof HookEvents> = HookEvents[E];

/** What Claude Code sends on every event; `turn` adds what it sends inside a turn. */
function base(hook_event_name: string, extra: Extra = {}, turn = true): Events.BaseEvent {
  return {
    session_id: TEST_SESSION,
    transcript_path: `/home/dev/.claude/projects/-home-dev-project/${TEST_SESSION}.jsonl`,
    cwd: "/home/dev/project",
    ...(turn ? { prompt_id: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" } : {}),
    permission_mode: "default",
    ...(turn ? { effort: { level: "medium" } } : {}),
    hook_event_name,
    ...extra,
  };
}

let ids = 0;
const nextId = (prefix: string) => `${prefix}${(ids++).toString().padStart(4, "0")}`;

const modelSwitch = (to_model: string) => ({
  from_model: "claude-sonnet-4-6",
  to_model,
  requested_model: null,
  source: "command",
  context_tokens: 12_000,
  prompt_cache_warm: true,
  cache_ttl: "5m",
  estimated_cache_write_usd: 0.045,
  pricing: "catalog",
});

/** A tool event: the tool's name and input, and the call's id. */
const toolEvent = (event: string, tool_name: string, tool_input: unknown, fields: Extra, extra?: Extra) => ({
  ...base(event),
  tool_name,
  tool_input,
  tool_use_id: nextId("toolu_test_"),
  ...fields,
  ...extra,
});

/** Events as Claude Code sends them, with test defaults; `extra` overrides or adds fields. */
export const MockEvent = {
  preToolUse: <T extends string>(tool: T, input: ToolInputOf<T>, extra?: Extra) =>
    toolEvent("PreToolUse", tool, input, {}, extra) as Events.PreToolUseEvent<T>,
  postToolUse: <T extends string>(tool: T, input: ToolInputOf<T>, response: unknown, extra?: Extra) =>
    toolEvent("PostToolUse", tool, input, { tool_response: response, duration_ms: 12 }, extra) as Events.PostToolUseEvent<T>,
  postToolUseFailure: <T extends string>(tool: T, input: ToolInputOf<T>, error: string, extra?: Extra) =>
    toolEvent(
      "PostToolUseFailure",
      tool,
      input,
      { error, is_interrupt: false, duration_ms: 12 },
      extra,
    ) as Events.PostToolUseFailureEvent<T>,
  postToolBatch: (calls: Omit<Events.ToolCall, "tool_use_id">[], extra?: Extra) =>
    ({
      ...base("PostToolBatch"),
      tool_calls: calls.map((call) => ({ tool_use_id: nextId("toolu_test_"), ...call })),
      ...extra,
    }) as Built<"PostToolBatch">,
  // Claude Code sends no tool_use_id with a permission request.
  permissionRequest: <T extends string>(tool: T, input: ToolInputOf<T>, extra?: Extra) =>
    ({ ...base("PermissionRequest"), tool_name: tool, tool_input: input, ...extra }) as Events.PermissionRequestEvent<T>,
  permissionDenied: <T extends string>(tool: T, input: ToolInputOf<T>, reason = "auto mode denied it", extra?: Extra) =>
    toolEvent("PermissionDenied", tool, input, { reason }, extra) as Events.PermissionDeniedEvent<T>,
  bash: (command: string, extra?: Extra) => MockEvent.preToolUse("Bash", { command, description: "Run a command" }, extra),
  write: (file_path: string, content: string, extra?: Extra) => MockEvent.preToolUse("Write", { file_path, content }, extra),
  edit: (file_path: string, old_string: string, new_string: string, extra?: Extra) =>
    MockEvent.preToolUse("Edit", { file_path, old_string, new_string, replace_all: false }, extra),
  read: (file_path: string, extra?: Extra) => MockEvent.preToolUse("Read", { file_path }, extra),
  notification: (message: string, notification_type = "idle_prompt", extra?: Extra) =>
    ({ ...base("Notification", {}, false), message, notification_type, ...extra }) as Built<"Notification">,
  userPromptSubmit: (prompt: string, extra?: Extra) =>
    ({ ...base("UserPromptSubmit"), prompt, source: "user", ...extra }) as Built<"UserPromptSubmit">,
  userPromptExpansion: (command_name: string, command_args = "", extra?: Extra) =>
    ({
      ...base("UserPromptExpansion"),
      expansion_type: "slash_command",
      command_name,
      command_args,
      command_source: "project",
      prompt: `/${command_name}${command_args ? ` ${command_args}` : ""}`,
      ...extra,
    }) as Built<"UserPromptExpansion">,
  sessionStart: (source: Built<"SessionStart">["source"] = "startup", extra?: Extra) =>
    ({ ...base("SessionStart", {}, false), source, model: "claude-sonnet-4-6", ...extra }) as Built<"SessionStart">,
  sessionEnd: (reason: Built<"SessionEnd">["reason"] = "other", extra?: Extra) =>
    ({ ...base("SessionEnd", {}, false), reason, ...extra }) as Built<"SessionEnd">,
  setup: (trigger: Built<"Setup">["trigger"] = "init", extra?: Extra) =>
    ({ ...base("Setup", {}, false), trigger, ...extra }) as Built<"Setup">,
  stop: (extra?: Extra) =>
    ({
      ...base("Stop"),
      stop_hook_active: false,
      last_assistant_message: "Done.",
      background_tasks: [],
      session_crons: [],
      ...extra,
    }) as Built<"Stop">,
  stopFailure: (error = "rate_limit", extra?: Extra) => ({ ...base("StopFailure"), error, ...extra }) as Built<"StopFailure">,
  subagentStart: (agent_type = "general-purpose", extra?: Extra) =>
    ({ ...base("SubagentStart"), agent_id: nextId("agent_"), agent_type, ...extra }) as Built<"SubagentStart">,
  subagentStop: (agent_type = "general-purpose", extra?: Extra) => {
    const agent_id = nextId("agent_");
    return {
      ...base("SubagentStop"),
      stop_hook_active: false,
      agent_id,
      agent_transcript_path: `/home/dev/.claude/projects/-home-dev-project/${TEST_SESSION}/subagents/${agent_id}.jsonl`,
      agent_type,
      last_assistant_message: "Done.",
      background_tasks: [],
      session_crons: [],
      ...extra,
    } as Built<"SubagentStop">;
  },
  preCompact: (trigger: Built<"PreCompact">["trigger"] = "manual", extra?: Extra) =>
    ({ ...base("PreCompact"), trigger, custom_instructions: null, ...extra }) as Built<"PreCompact">,
  postCompact: (trigger: Built<"PostCompact">["trigger"] = "manual", extra?: Extra) =>
    ({ ...base("PostCompact"), trigger, compact_summary: "The user and Claude built a cart.", ...extra }) as Built<"PostCompact">,
  preModelSwitch: (to_model = "claude-opus-4-7", extra?: Extra) =>
    ({ ...base("PreModelSwitch", {}, false), ...modelSwitch(to_model), ...extra }) as Built<"PreModelSwitch">,
  postModelSwitch: (to_model = "claude-opus-4-7", extra?: Extra) =>
    ({ ...base("PostModelSwitch", {}, false), ...modelSwitch(to_model), ...extra }) as Built<"PostModelSwitch">,
  teammateIdle: (teammate_name = "reviewer", extra?: Extra) =>
    ({ ...base("TeammateIdle"), teammate_name, team_name: "default", ...extra }) as Built<"TeammateIdle">,
  taskCreated: (task_subject = "Write the tests", extra?: Extra) =>
    ({ ...base("TaskCreated"), task_id: nextId("task_"), task_subject, ...extra }) as Built<"TaskCreated">,
  taskCompleted: (task_subject = "Write the tests", extra?: Extra) =>
    ({ ...base("TaskCompleted"), task_id: nextId("task_"), task_subject, ...extra }) as Built<"TaskCompleted">,
  elicitation: (mcp_server_name = "github", message = "Which repository?", extra?: Extra) =>
    ({
      ...base("Elicitation"),
      mcp_server_name,
      message,
      mode: "form",
      elicitation_id: nextId("elicit_"),
      requested_schema: { type: "object", properties: { repo: { type: "string" } } },
      ...extra,
    }) as Built<"Elicitation">,
  elicitationResult: (mcp_server_name = "github", action: Built<"ElicitationResult">["action"] = "accept", extra?: Extra) =>
    ({
      ...base("ElicitationResult"),
      mcp_server_name,
      elicitation_id: nextId("elicit_"),
      mode: "form",
      action,
      ...(action === "accept" ? { content: { repo: "shop" } } : {}),
      ...extra,
    }) as Built<"ElicitationResult">,
  configChange: (source: Built<"ConfigChange">["source"] = "project_settings", extra?: Extra) =>
    ({
      ...base("ConfigChange", {}, false),
      source,
      file_path: "/home/dev/project/.claude/settings.json",
      ...extra,
    }) as Built<"ConfigChange">,
  worktreeCreate: (name = "feature-cart", extra?: Extra) => ({ ...base("WorktreeCreate"), name, ...extra }) as Built<"WorktreeCreate">,
  worktreeRemove: (worktree_path = "/home/dev/worktrees/feature-cart", extra?: Extra) =>
    ({ ...base("WorktreeRemove"), worktree_path, ...extra }) as Built<"WorktreeRemove">,
  instructionsLoaded: (
    file_path = "/home/dev/project/CLAUDE.md",
    load_reason: Built<"InstructionsLoaded">["load_reason"] = "session_start",
    extra?: Extra,
  ) =>
    ({ ...base("InstructionsLoaded", {}, false), file_path, memory_type: "Project", load_reason, ...extra }) as Built<"InstructionsLoaded">,
  cwdChanged: (new_cwd: string, extra?: Extra) =>
    ({ ...base("CwdChanged", {}, false), old_cwd: "/home/dev/project", new_cwd, ...extra }) as Built<"CwdChanged">,
  fileChanged: (file_path: string, event: Built<"FileChanged">["event"] = "change", extra?: Extra) =>
    ({ ...base("FileChanged", {}, false), file_path, event, ...extra }) as Built<"FileChanged">,
  directoryAdded: (directory: string, source: Built<"DirectoryAdded">["source"] = "slash_command", extra?: Extra) =>
    ({ ...base("DirectoryAdded", {}, false), directory, source, ...extra }) as Built<"DirectoryAdded">,
  messageDisplay: (delta: string, options: { index?: number; final?: boolean } = {}, extra?: Extra) =>
    ({
      ...base("MessageDisplay"),
      turn_id: "0b6a1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
      message_id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      index: options.index ?? 0,
      final: options.final ?? false,
      delta,
      ...extra,
    }) as Built<"MessageDisplay">,
  preSkillShellCommand: (command: string, command_name = "deploy", extra?: Extra) =>
    toolEvent(
      "PreSkillShellCommand",
      "Bash",
      { command },
      { command_name, command_source: "projectSettings", invoked_by: "user" },
      extra,
    ) as Built<"PreSkillShellCommand">,
  /** Any event, by name: for events Claude Code adds later, with the fields given. */
  of: (hook_event_name: string, fields: Extra = {}) => base(hook_event_name, fields),
};

/**
 * Runs events through an app as the Worker would, but with tasks run at once in memory and
 * strict checks on: a handler that fails or answers what its event cannot take throws.
 */
export class TestClient {
  readonly backend: ImmediateBackend;
  readonly member: Member;
  private readonly env: Env;
  private readonly strict: boolean;

  constructor(
    private readonly app: HookApp,
    options: { backend?: ImmediateBackend; member?: Member; env?: Env; strict?: boolean } = {},
  ) {
    this.backend = options.backend ?? new ImmediateBackend({ env: options.env });
    this.member = options.member ?? { team: "test-team", member: "tester", admin: false };
    this.env = options.env ?? ({} as Env);
    this.strict = options.strict ?? true;
  }

  /** The session's tasks, to seed or inspect around a `send`. */
  tasks(sessionId = TEST_SESSION): Tasks {
    return new Tasks(this.backend, { sessionId, origin: { member: this.member.member } });
  }

  /**
   * The hook output JSON the app answers, as Claude Code would read it. The event crosses as
   * JSON, as it would the wire: one over the Worker's size cuts its long strings the same way.
   */
  async send(event: Events.BaseEvent): Promise<HookOutput> {
    const { text, cut } = cutEventText(JSON.stringify(event));
    const received = JSON.parse(text) as Events.BaseEvent;
    const origin = { member: this.member.member };
    const output = await this.app.dispatch(
      received,
      {
        ...scopedTasks(this.backend, received.session_id, origin),
        env: this.env,
        member: this.member,
        cut: cut ? cutPaths(received) : [],
      },
      { strict: this.strict },
    );
    return JSON.parse(JSON.stringify(output)) as HookOutput;
  }
}
