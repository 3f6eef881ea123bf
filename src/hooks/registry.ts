import type { HookContext } from "./context";
import { HookRegistrationError, HookResponseError } from "./errors";
import { ASKING_EVENTS, DECISION_EVENTS, type EventOf, type HookEvents } from "./event-table";
import type {
  BaseEvent,
  PermissionDeniedEvent,
  PermissionRequestEvent,
  PostToolUseEvent,
  PostToolUseFailureEvent,
  PreToolUseEvent,
  WorktreeCreateEvent,
} from "./events";
import { compileMatcher, type Matcher, matchTarget } from "./matcher";
import type { ResponseFor } from "./event-table";
import type { HookResponse, WorktreePathResponse } from "./responses";
import type { ToolsOf } from "./tool-input";

// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is typed `void`, and that is what it answers
export type HandlerResult<R extends HookResponse = HookResponse> = R | R[] | undefined | void;

/** A handler of event type `Ev` that may answer `R`. */
export type Handler<Ev = BaseEvent, R extends HookResponse = HookResponse> = (
  event: Ev,
  ctx: HookContext,
) => HandlerResult<R> | Promise<HandlerResult<R>>;

/** The handler of an event by name: its typed event in, the answers Claude Code takes out. */
export type HandlerFor<E extends string> = Handler<EventOf<E>, ResponseFor<E>>;

type ToolHandler<E extends string, Ev> = Handler<Ev, ResponseFor<E>>;

/** What happens to a handler when its event was too large to read whole (see oversized.ts). */
export type WhenCut =
  /** It runs, on the event with its long strings cut to a preview; `ctx.cut` names them. */
  | "run"
  /** It does not run. */
  | "skip"
  /** It does not run, and answers `ask` in its place: the user decides. */
  | "ask";

export interface HandlerOptions<E> {
  /** A guard: the handler runs only when it returns true. */
  when?: (event: E) => boolean | Promise<boolean>;
  /**
   * On an event too large to read whole: "ask" by default on the decision events that can ask
   * (PreToolUse, PermissionRequest: a policy that cannot see all of a call must not let it
   * through), "run" elsewhere. Only events that can ask take "ask".
   */
  whenCut?: WhenCut;
}

type WithMatcher<E> = HandlerOptions<E> & { matcher?: string };

export interface Registration {
  event: string;
  /** As written, for /v1/hooks/events and `install`. */
  pattern: string | undefined;
  matches: Matcher;
  handler: Handler<any, HookResponse>;
  when?: (event: any) => boolean | Promise<boolean>;
  whenCut: WhenCut;
  name: string;
}

/**
 * Registration of handlers, shared by HookApp and Blueprint: `on()` for any event, typed
 * helpers for the common ones. A tool event's handler sees `tool_input` typed after its
 * matcher ("Write" -> WriteInput, "Edit|Write" -> either), and every handler may answer only
 * what Claude Code takes from its event.
 */
export class HandlerRegistry {
  protected readonly registrations: Registration[] = [];
  /** Key prefixes only the app's hooks write (see reserveKeys). */
  protected readonly reservedPrefixes: string[] = [];

  /**
   * Keys starting with `prefix` are the app's own (pointers a handler reads back, say): its
   * hooks write them, and the REST API refuses to add, pop, cancel, retry or delete them
   * (`reserved_key`), so no member's script, page or mistake can plant or take one.
   */
  reserveKeys(...prefixes: string[]): this {
    this.reservedPrefixes.push(...prefixes.filter((prefix) => prefix !== ""));
    return this;
  }

  /** The reserved prefix `key` starts with, if any. */
  reservedPrefixOf(key: string): string | undefined {
    return this.reservedPrefixes.find((prefix) => key.startsWith(prefix));
  }

  /** Any event, by name, with an optional matcher (see matcher.ts). */
  on<E extends string>(event: E, handler: HandlerFor<E>, options?: HandlerOptions<EventOf<E>>): this;
  on<E extends string>(event: E, matcher: string | undefined, handler: HandlerFor<E>, options?: HandlerOptions<EventOf<E>>): this;
  on(event: string, ...rest: unknown[]): this {
    if (event === "WorktreeCreate") {
      throw new HookRegistrationError(
        "A WorktreeCreate handler must give the worktree's path, or Claude Code fails to create it: register it with onWorktreeCreate(handler), whose handler returns the path",
      );
    }
    const [pattern, handler, options] =
      typeof rest[0] === "function"
        ? [undefined, rest[0] as Handler, rest[1] as HandlerOptions<BaseEvent> | undefined]
        : [rest[0] as string | undefined, rest[1] as Handler, rest[2] as HandlerOptions<BaseEvent> | undefined];
    return this.register(event, pattern, handler, options);
  }

  preTool<M extends string = "*">(
    matcher: M,
    handler: ToolHandler<"PreToolUse", PreToolUseEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PreToolUseEvent<ToolsOf<M>>>,
  ): this;
  preTool(handler: HandlerFor<"PreToolUse">, options?: HandlerOptions<PreToolUseEvent>): this;
  preTool(...args: unknown[]): this {
    return this.onTool("PreToolUse", args);
  }

  postTool<M extends string = "*">(
    matcher: M,
    handler: ToolHandler<"PostToolUse", PostToolUseEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PostToolUseEvent<ToolsOf<M>>>,
  ): this;
  postTool(handler: HandlerFor<"PostToolUse">, options?: HandlerOptions<PostToolUseEvent>): this;
  postTool(...args: unknown[]): this {
    return this.onTool("PostToolUse", args);
  }

  onPostToolFailure<M extends string = "*">(
    matcher: M,
    handler: ToolHandler<"PostToolUseFailure", PostToolUseFailureEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PostToolUseFailureEvent<ToolsOf<M>>>,
  ): this;
  onPostToolFailure(handler: HandlerFor<"PostToolUseFailure">, options?: HandlerOptions<PostToolUseFailureEvent>): this;
  onPostToolFailure(...args: unknown[]): this {
    return this.onTool("PostToolUseFailure", args);
  }

  onPermissionRequest<M extends string = "*">(
    matcher: M,
    handler: ToolHandler<"PermissionRequest", PermissionRequestEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PermissionRequestEvent<ToolsOf<M>>>,
  ): this;
  onPermissionRequest(handler: HandlerFor<"PermissionRequest">, options?: HandlerOptions<PermissionRequestEvent>): this;
  onPermissionRequest(...args: unknown[]): this {
    return this.onTool("PermissionRequest", args);
  }

  onPermissionDenied<M extends string = "*">(
    matcher: M,
    handler: ToolHandler<"PermissionDenied", PermissionDeniedEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PermissionDeniedEvent<ToolsOf<M>>>,
  ): this;
  onPermissionDenied(handler: HandlerFor<"PermissionDenied">, options?: HandlerOptions<PermissionDeniedEvent>): this;
  onPermissionDenied(...args: unknown[]): this {
    return this.onTool("PermissionDenied", args);
  }

  /** Once per batch of tool calls, before the next model request: `context()` reaches it once. */
  onPostToolBatch(handler: HandlerFor<"PostToolBatch">, options?: HandlerOptions<HookEvents["PostToolBatch"]>) {
    return this.register("PostToolBatch", undefined, handler, options);
  }

  onPrompt(handler: HandlerFor<"UserPromptSubmit">, options?: HandlerOptions<HookEvents["UserPromptSubmit"]>) {
    return this.register("UserPromptSubmit", undefined, handler, options);
  }

  /** A slash command or MCP prompt about to expand; matcher: the command's name. */
  onUserPromptExpansion(handler: HandlerFor<"UserPromptExpansion">, options?: WithMatcher<HookEvents["UserPromptExpansion"]>) {
    return this.register("UserPromptExpansion", options?.matcher, handler, options);
  }

  onStop(handler: HandlerFor<"Stop">, options?: HandlerOptions<HookEvents["Stop"]>) {
    return this.register("Stop", undefined, handler, options);
  }

  /** matcher: the agent type ("Explore", "general-purpose"...). */
  onSubagentStart(handler: HandlerFor<"SubagentStart">, options?: WithMatcher<HookEvents["SubagentStart"]>) {
    return this.register("SubagentStart", options?.matcher, handler, options);
  }

  /** matcher: the agent type. */
  onSubagentStop(handler: HandlerFor<"SubagentStop">, options?: WithMatcher<HookEvents["SubagentStop"]>) {
    return this.register("SubagentStop", options?.matcher, handler, options);
  }

  /** matcher: "startup", "resume", "clear", "compact" or "fork" (default: all). */
  onSessionStart(handler: HandlerFor<"SessionStart">, options?: WithMatcher<HookEvents["SessionStart"]>) {
    return this.register("SessionStart", options?.matcher, handler, options);
  }

  /** matcher: the reason ("clear", "logout", "prompt_input_exit"...). */
  onSessionEnd(handler: HandlerFor<"SessionEnd">, options?: WithMatcher<HookEvents["SessionEnd"]>) {
    return this.register("SessionEnd", options?.matcher, handler, options);
  }

  /** matcher: "manual" or "auto" (default: both). */
  onPreCompact(handler: HandlerFor<"PreCompact">, options?: WithMatcher<HookEvents["PreCompact"]>) {
    return this.register("PreCompact", options?.matcher, handler, options);
  }

  /** matcher: the notification type ("permission_prompt", "idle_prompt"...). */
  onNotification(handler: HandlerFor<"Notification">, options?: WithMatcher<HookEvents["Notification"]>) {
    return this.register("Notification", options?.matcher, handler, options);
  }

  /**
   * matcher: the files to watch, "|"-separated (".envrc|.env"). Claude Code watches each piece
   * as a path and tests the matcher, as a regex, against the changed file's base name.
   */
  onFileChanged(handler: HandlerFor<"FileChanged">, options?: WithMatcher<HookEvents["FileChanged"]>) {
    return this.register("FileChanged", options?.matcher, handler, options);
  }

  /** Each batch of streamed lines of Claude's message: `displayContent()` shows other text. */
  onMessageDisplay(handler: HandlerFor<"MessageDisplay">, options?: HandlerOptions<HookEvents["MessageDisplay"]>) {
    return this.register("MessageDisplay", undefined, handler, options);
  }

  /**
   * Creates the worktree Claude Code asks for and returns its absolute path: Claude Code fails
   * the creation without one, so the handler must return it (a throw fails it, with the
   * message). One per app; no guard, no other answers.
   */
  onWorktreeCreate(handler: (event: WorktreeCreateEvent, ctx: HookContext) => string | Promise<string>): this {
    const named = `${handler.name || "WorktreeCreate handler"}`;
    const answer: Handler<WorktreeCreateEvent, WorktreePathResponse> = async (event, ctx) => {
      const path: unknown = await handler(event, ctx);
      if (typeof path !== "string" || path.trim() === "") {
        throw new HookResponseError(
          `the WorktreeCreate handler "${named}" must return the worktree's path; it returned ${JSON.stringify(path)}`,
        );
      }
      return { kind: "worktreePath", path };
    };
    Object.defineProperty(answer, "name", { value: named });
    return this.register("WorktreeCreate", undefined, answer, {});
  }

  private onTool(event: string, args: unknown[]): this {
    if (typeof args[0] === "function") {
      return this.register(event, undefined, args[0] as Handler, args[1] as HandlerOptions<BaseEvent>);
    }
    return this.register(event, args[0] as string, args[1] as Handler, args[2] as HandlerOptions<BaseEvent>);
  }

  private register(event: string, pattern: string | undefined, handler: Handler<any, any>, options?: HandlerOptions<any>): this {
    const canAsk = ASKING_EVENTS.has(event);
    const whenCut = options?.whenCut ?? (canAsk && DECISION_EVENTS.has(event) ? "ask" : "run");
    if (whenCut === "ask" && !canAsk) {
      throw new HookRegistrationError(`whenCut: "ask" needs an event that can ask (${[...ASKING_EVENTS].join(", ")}), not ${event}`);
    }
    this.add({
      event,
      pattern,
      matches: compileMatcher(event, pattern),
      handler,
      when: options?.when,
      whenCut,
      name: handler.name || `${event}${pattern ? `(${pattern})` : ""} handler`,
    });
    return this;
  }

  protected add(registration: Registration) {
    if (registration.event === "WorktreeCreate" && this.registrations.some((other) => other.event === "WorktreeCreate")) {
      throw new HookRegistrationError("Only one WorktreeCreate handler can give the worktree's path; this app has one already");
    }
    this.registrations.push(registration);
  }

  /** The handlers for this event, in registration order, whose matcher accepts it. */
  protected handlersFor(event: BaseEvent): Registration[] {
    const target = matchTarget(event);
    return this.registrations.filter((registration) => registration.event === event.hook_event_name && registration.matches(target));
  }
}

/** Handlers written in one module and included in the app with `app.include(blueprint)`. */
export class Blueprint extends HandlerRegistry {
  /** What `include` copies. */
  get handlers(): readonly Registration[] {
    return this.registrations;
  }

  get reservedKeys(): readonly string[] {
    return this.reservedPrefixes;
  }
}
