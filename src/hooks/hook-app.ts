import { describeError } from "../tasks/result";
import { problemWith } from "./answers";
import type { HookContext } from "./context";
import { HookResponseError } from "./errors";
import type { BaseEvent } from "./events";
import { unionOfMatchers } from "./matcher";
import { buildOutput, capText, type HookOutput } from "./output";
import { OVERSIZED } from "./oversized";
import { type Blueprint, type HandlerResult, HandlerRegistry, type Registration } from "./registry";
import { allow, ask, type HookResponse, isDecision } from "./responses";
import type { HookEventsListing } from "./settings-fragment";

/** Where it was defined before install shared it with the Worker: doctor and others import it from here. */
export type { HookEventsListing } from "./settings-fragment";

/**
 * Wraps the handlers of each event: time them, log, catch, or answer without calling `next`.
 * `next()` gives the responses of the handlers (and inner middleware); return those, changed
 * or not.
 */
export type Middleware = (event: BaseEvent, ctx: HookContext, next: () => Promise<HookResponse[]>) => Promise<HookResponse[]>;

export interface HookAppOptions {
  /**
   * Throw when a handler fails or answers something that does not apply to its event, rather
   * than logging it and going on. TestClient turns it on; the Worker turns it on when
   * FASTHOOKS_STRICT is "1" (set in .dev.vars.example, so `npm start` is loud).
   */
  strict?: boolean;
}

/**
 * The team's hook handlers, fasthooks style: register with `on()` or the typed helpers, compose
 * with blueprints and middleware, and `dispatch` each event Claude Code sends to the JSON it
 * reads back.
 */
export class HookApp extends HandlerRegistry {
  readonly #middleware: Middleware[] = [];

  constructor(private readonly options: HookAppOptions = {}) {
    super();
  }

  use(middleware: Middleware): this {
    this.#middleware.push(middleware);
    return this;
  }

  /** Adds a blueprint's handlers after the ones already registered. */
  include(blueprint: Blueprint): this {
    for (const registration of blueprint.handlers) this.add(registration);
    this.reserveKeys(...blueprint.reservedKeys);
    return this;
  }

  /**
   * Runs the event's handlers in registration order until one decides (deny, block, ask...),
   * and answers the hook output: that decision, with the messages and context of all that ran.
   * A failing handler never fails the hook: it becomes a systemMessage (unless strict).
   */
  async dispatch(event: BaseEvent, ctx: HookContext, options: HookAppOptions = {}): Promise<HookOutput> {
    const strict = options.strict ?? this.options.strict ?? false;
    const eventName = event.hook_event_name;
    const accept = (response: HookResponse, source: string): boolean => {
      const problem = problemWith(response, eventName);
      if (!problem) return true;
      if (strict) throw new HookResponseError(`${problem} (from ${source})`);
      console.warn(`fasthooks: ${problem} (from ${source}); ignored`);
      return false;
    };
    const failed = (what: string, error: unknown): HookResponse => {
      if (strict) throw error;
      const reason = describeError(error);
      console.error(`fasthooks: ${what} failed for session ${event.session_id}:`, error);
      return allow({ message: `fasthooks: ${what} failed (${reason}); Claude goes on without it` });
    };
    const cut = ctx.cut ?? [];

    const runHandlers = async (): Promise<HookResponse[]> => {
      const responses: HookResponse[] = [];
      for (const registration of this.handlersFor(event)) {
        if (cut.length > 0 && registration.whenCut !== "run") {
          if (registration.whenCut === "skip") continue;
          responses.push(cannotJudge(event, registration, cut));
          return responses;
        }
        let result: HandlerResult;
        try {
          if (registration.when && !(await registration.when(event))) continue;
          result = await registration.handler(event, ctx);
        } catch (error) {
          responses.push(failed(describe(registration), error));
          continue;
        }
        for (const response of asList(result)) {
          if (!accept(response, describe(registration))) continue;
          responses.push(response);
          if (isDecision(response)) return responses;
        }
      }
      return responses;
    };

    // Each middleware may call its next() once, as in Hono's compose: a second call would run
    // the handlers (and their tasks.add) again.
    const chain = this.#middleware.reduceRight<() => Promise<HookResponse[]>>(
      (next, middleware, index) => () => {
        let called = false;
        return middleware(event, ctx, async () => {
          if (called) throw new Error(`next() called twice in ${middlewareName(middleware, index)}`);
          called = true;
          return next();
        });
      },
      runHandlers,
    );
    let responses: HookResponse[];
    try {
      responses = await chain();
    } catch (error) {
      if (error instanceof HookResponseError) throw error;
      responses = [failed("a hook middleware", error)];
    }
    responses = responses.filter((response) => accept(response, "middleware"));
    if (eventName === "WorktreeCreate" && !responses.some((response) => response.kind === "worktreePath")) {
      const problem = "WorktreeCreate was answered without a worktree path, so Claude Code fails to create it";
      if (strict && this.registrations.some((registration) => registration.event === eventName)) throw new HookResponseError(problem);
      console.warn(`fasthooks: ${problem} (session ${event.session_id})`);
    }
    return buildOutput(eventName, responses);
  }

  /**
   * As `dispatch`, for the Worker: never throws. With `strict` (FASTHOOKS_STRICT=1, while
   * developing) a handler's mistake is answered as a systemMessage, so it shows in Claude Code.
   */
  async answer(event: BaseEvent, ctx: HookContext, { strict = false }: HookAppOptions = {}): Promise<HookOutput> {
    if (!strict) return this.dispatch(event, ctx);
    try {
      return await this.dispatch(event, ctx, { strict: true });
    } catch (error) {
      console.error(`fasthooks: ${event.hook_event_name} in session ${event.session_id}:`, error);
      return { systemMessage: capText(`fasthooks (FASTHOOKS_STRICT=1): ${describeError(error)}`) };
    }
  }

  /** The events (and one matcher per event) to install in Claude Code's settings. */
  events(): HookEventsListing {
    const byEvent = new Map<string, (string | undefined)[]>();
    for (const { event, pattern } of this.registrations) {
      byEvent.set(event, [...(byEvent.get(event) ?? []), pattern]);
    }
    return {
      events: [...byEvent].map(([event, patterns]) => {
        const matcher = unionOfMatchers(event, patterns);
        return matcher === undefined ? { event } : { event, matcher };
      }),
    };
  }
}

/** A handler that cannot see all of an oversized event answers `ask` in its place. */
function cannotJudge(event: BaseEvent, registration: Registration, cut: readonly string[]): HookResponse {
  const what = typeof event.tool_name === "string" ? `This ${event.tool_name} call` : `This ${event.hook_event_name}`;
  return ask(
    `fasthooks: ${what} is over ${OVERSIZED.wholeMaxBytes} bytes, so "${registration.name}" could not check all of it ` +
      `(${cut.join(", ")} cut to ${OVERSIZED.keepChars} characters): you decide.`,
  );
}

function middlewareName(middleware: Middleware, index: number): string {
  return middleware.name ? `the middleware "${middleware.name}"` : `middleware #${index + 1} (of app.use)`;
}

function asList(result: HandlerResult): HookResponse[] {
  if (!result) return [];
  return Array.isArray(result) ? result : [result];
}

function describe(registration: Registration): string {
  return `the ${registration.event} handler "${registration.name}"`;
}
