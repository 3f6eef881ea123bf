import type { HookContext } from "./context";
import {
  type BaseEvent,
  type EventOf,
  type HookEvents,
  matchTarget,
  type PermissionRequestEvent,
  type PostToolUseEvent,
  type PreToolUseEvent,
} from "./events";
import { compileMatcher, type Matcher } from "./matcher";
import type { HookResponse } from "./responses";
import type { ToolsOf } from "./tool-input";

export type HandlerResult = HookResponse | HookResponse[] | undefined | void;

export type Handler<E> = (event: E, ctx: HookContext) => HandlerResult | Promise<HandlerResult>;

export interface HandlerOptions<E> {
  /** A guard: the handler runs only when it returns true. */
  when?: (event: E) => boolean | Promise<boolean>;
}

export interface Registration {
  event: string;
  /** As written, for /v1/hooks/events and `install`. */
  pattern: string | undefined;
  matches: Matcher;
  handler: Handler<any>;
  when?: (event: any) => boolean | Promise<boolean>;
  name: string;
}

/**
 * Registration of handlers, shared by HookApp and Blueprint: `on()` for any event, typed
 * helpers for the common ones. A tool event's handler sees `tool_input` typed after its
 * matcher ("Write" -> WriteInput, "Edit|Write" -> either).
 */
export class HandlerRegistry {
  protected readonly registrations: Registration[] = [];

  /** Any event, by name, with an optional matcher (see matcher.ts). */
  on<E extends string>(event: E, handler: Handler<EventOf<E>>, options?: HandlerOptions<EventOf<E>>): this;
  on<E extends string>(
    event: E,
    matcher: string | undefined,
    handler: Handler<EventOf<E>>,
    options?: HandlerOptions<EventOf<E>>,
  ): this;
  on(event: string, ...rest: unknown[]): this {
    const [pattern, handler, options] =
      typeof rest[0] === "function"
        ? [undefined, rest[0] as Handler<BaseEvent>, rest[1] as HandlerOptions<BaseEvent> | undefined]
        : [rest[0] as string | undefined, rest[1] as Handler<BaseEvent>, rest[2] as HandlerOptions<BaseEvent> | undefined];
    this.registrations.push({
      event,
      pattern,
      matches: compileMatcher(pattern),
      handler,
      when: options?.when,
      name: handler.name || `${event}${pattern ? `(${pattern})` : ""} handler`,
    });
    return this;
  }

  preTool<M extends string = "*">(
    matcher: M,
    handler: Handler<PreToolUseEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PreToolUseEvent<ToolsOf<M>>>,
  ): this;
  preTool(handler: Handler<PreToolUseEvent>, options?: HandlerOptions<PreToolUseEvent>): this;
  preTool(...args: unknown[]): this {
    return this.onTool("PreToolUse", args);
  }

  postTool<M extends string = "*">(
    matcher: M,
    handler: Handler<PostToolUseEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PostToolUseEvent<ToolsOf<M>>>,
  ): this;
  postTool(handler: Handler<PostToolUseEvent>, options?: HandlerOptions<PostToolUseEvent>): this;
  postTool(...args: unknown[]): this {
    return this.onTool("PostToolUse", args);
  }

  onPermissionRequest<M extends string = "*">(
    matcher: M,
    handler: Handler<PermissionRequestEvent<ToolsOf<M>>>,
    options?: HandlerOptions<PermissionRequestEvent<ToolsOf<M>>>,
  ): this;
  onPermissionRequest(handler: Handler<PermissionRequestEvent>, options?: HandlerOptions<PermissionRequestEvent>): this;
  onPermissionRequest(...args: unknown[]): this {
    return this.onTool("PermissionRequest", args);
  }

  onPrompt(handler: Handler<HookEvents["UserPromptSubmit"]>, options?: HandlerOptions<HookEvents["UserPromptSubmit"]>) {
    return this.on("UserPromptSubmit", handler, options);
  }

  onStop(handler: Handler<HookEvents["Stop"]>, options?: HandlerOptions<HookEvents["Stop"]>) {
    return this.on("Stop", handler, options);
  }

  onSubagentStop(handler: Handler<HookEvents["SubagentStop"]>, options?: HandlerOptions<HookEvents["SubagentStop"]>) {
    return this.on("SubagentStop", handler, options);
  }

  /** matcher: "startup", "resume", "clear" or "compact" (default: all). */
  onSessionStart(
    handler: Handler<HookEvents["SessionStart"]>,
    options?: HandlerOptions<HookEvents["SessionStart"]> & { matcher?: string },
  ) {
    return this.on("SessionStart", options?.matcher, handler, options);
  }

  onSessionEnd(handler: Handler<HookEvents["SessionEnd"]>, options?: HandlerOptions<HookEvents["SessionEnd"]>) {
    return this.on("SessionEnd", handler, options);
  }

  /** matcher: "manual" or "auto" (default: both). */
  onPreCompact(
    handler: Handler<HookEvents["PreCompact"]>,
    options?: HandlerOptions<HookEvents["PreCompact"]> & { matcher?: string },
  ) {
    return this.on("PreCompact", options?.matcher, handler, options);
  }

  onNotification(handler: Handler<HookEvents["Notification"]>, options?: HandlerOptions<HookEvents["Notification"]>) {
    return this.on("Notification", handler, options);
  }

  private onTool(event: string, args: unknown[]): this {
    if (typeof args[0] === "function") {
      return this.on(event, undefined, args[0] as Handler<BaseEvent>, args[1] as HandlerOptions<BaseEvent>);
    }
    return this.on(event, args[0] as string, args[1] as Handler<BaseEvent>, args[2] as HandlerOptions<BaseEvent>);
  }

  /** The handlers for this event, in registration order, whose matcher accepts it. */
  protected handlersFor(event: BaseEvent): Registration[] {
    const target = matchTarget(event);
    return this.registrations.filter(
      (registration) => registration.event === event.hook_event_name && registration.matches(target),
    );
  }
}

/** Handlers written in one module and included in the app with `app.include(blueprint)`. */
export class Blueprint extends HandlerRegistry {
  /** What `include` copies. */
  get handlers(): readonly Registration[] {
    return this.registrations;
  }
}
