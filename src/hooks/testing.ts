/**
 * Unit-testing hook handlers without a Worker: `MockEvent` builds events shaped as Claude Code
 * sends them, `TestClient` runs them through an app with tasks run at once, in-process.
 */
import type { Member } from "../api/auth";
import { ImmediateBackend } from "../tasks/immediate-backend";
import { TEAM_SCOPE } from "../tasks/scope";
import { Tasks } from "../tasks/tasks";
import type { HookApp } from "./app";
import type {
  BaseEvent,
  NotificationEvent,
  PermissionRequestEvent,
  PostToolUseEvent,
  PreCompactEvent,
  PreToolUseEvent,
  SessionEndEvent,
  SessionStartEvent,
  StopEvent,
  SubagentStopEvent,
  UserPromptSubmitEvent,
} from "./events";
import type { HookOutput } from "./output";
import type { ToolInputOf } from "./tool-input";

export const TEST_SESSION = "test-session";

type Extra = Partial<BaseEvent>;

function base(hook_event_name: string, extra: Extra = {}): BaseEvent {
  return {
    session_id: TEST_SESSION,
    transcript_path: `/home/dev/.claude/projects/project/${TEST_SESSION}.jsonl`,
    cwd: "/home/dev/project",
    permission_mode: "default",
    hook_event_name,
    ...extra,
  };
}

let toolUses = 0;
const toolUseId = () => `toolu_test_${(toolUses++).toString().padStart(4, "0")}`;

/** Events as Claude Code sends them, with test defaults for the common fields. */
export const MockEvent = {
  preToolUse<T extends string>(tool: T, input: ToolInputOf<T>, extra?: Extra): PreToolUseEvent<T> {
    return { ...base("PreToolUse", extra), tool_name: tool, tool_input: input, tool_use_id: toolUseId() } as PreToolUseEvent<T>;
  },
  postToolUse<T extends string>(tool: T, input: ToolInputOf<T>, response: unknown, extra?: Extra): PostToolUseEvent<T> {
    return {
      ...base("PostToolUse", extra),
      tool_name: tool,
      tool_input: input,
      tool_response: response,
      tool_use_id: toolUseId(),
    } as PostToolUseEvent<T>;
  },
  permissionRequest<T extends string>(tool: T, input: ToolInputOf<T>, extra?: Extra): PermissionRequestEvent<T> {
    return { ...base("PermissionRequest", extra), tool_name: tool, tool_input: input } as PermissionRequestEvent<T>;
  },
  bash: (command: string, extra?: Extra) => MockEvent.preToolUse("Bash", { command }, extra),
  write: (file_path: string, content: string, extra?: Extra) => MockEvent.preToolUse("Write", { file_path, content }, extra),
  edit: (file_path: string, old_string: string, new_string: string, extra?: Extra) =>
    MockEvent.preToolUse("Edit", { file_path, old_string, new_string }, extra),
  read: (file_path: string, extra?: Extra) => MockEvent.preToolUse("Read", { file_path }, extra),
  userPromptSubmit: (prompt: string, extra?: Extra) =>
    ({ ...base("UserPromptSubmit", extra), prompt }) as UserPromptSubmitEvent,
  stop: (extra?: Extra) => ({ ...base("Stop", extra), stop_hook_active: false }) as StopEvent,
  subagentStop: (extra?: Extra) => ({ ...base("SubagentStop", extra), stop_hook_active: false }) as SubagentStopEvent,
  sessionStart: (source = "startup", extra?: Extra) => ({ ...base("SessionStart", extra), source }) as SessionStartEvent,
  sessionEnd: (reason = "other", extra?: Extra) => ({ ...base("SessionEnd", extra), reason }) as SessionEndEvent,
  preCompact: (trigger = "manual", extra?: Extra) =>
    ({ ...base("PreCompact", extra), trigger, custom_instructions: "" }) as PreCompactEvent,
  notification: (message: string, extra?: Extra) =>
    ({ ...base("Notification", extra), message, notification_type: "idle_prompt" }) as NotificationEvent,
  /** Any event, by name: for events without a builder, or ones Claude Code adds later. */
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

  /** The hook output JSON the app answers, as Claude Code would read it. */
  async send(event: BaseEvent): Promise<HookOutput> {
    const origin = { member: this.member.member };
    const output = await this.app.dispatch(
      event,
      {
        tasks: new Tasks(this.backend, { sessionId: event.session_id, origin }),
        team: new Tasks(this.backend, { sessionId: TEAM_SCOPE, origin }),
        env: this.env,
        member: this.member,
      },
      { strict: this.strict },
    );
    // What crosses the wire is JSON: hand back exactly that.
    return JSON.parse(JSON.stringify(output)) as HookOutput;
  }
}
