/**
 * Which answers each event takes, at run time (its row of the event table): for handlers
 * written in plain JavaScript, middleware, and events named by a variable. The types say the
 * same (`ResponsesByEvent`, derived from the same rows).
 */
import { COMMON_ANSWERS, EVENT_TABLE, HOOK_EVENTS, rowOf } from "./event-table";
import type { HookResponse, HookResponseKind } from "./responses";

const COMMON: readonly HookResponseKind[] = COMMON_ANSWERS;

export const ANSWERS: Readonly<Record<string, readonly HookResponseKind[]>> = Object.fromEntries(
  HOOK_EVENTS.map((event) => [event, [...COMMON, ...EVENT_TABLE[event].answers]]),
);

/** Why `response` is wrong for `eventName`, or undefined when Claude Code takes it. */
export function problemWith(response: HookResponse, eventName: string): string | undefined {
  const takes = ANSWERS[eventName] ?? COMMON;
  if (!takes.includes(response.kind)) {
    return `${response.kind}() does not apply to ${eventName}; it applies to ${whereApplicable(response.kind)}`;
  }
  if (response.kind === "approvePermission") {
    const refused = (rowOf(eventName)?.approveRefuses ?? []).filter((option) => response[option] !== undefined);
    if (refused.length > 0) {
      const why =
        eventName === "PermissionRequest"
          ? "Claude Code's PermissionRequest allow has no reason field (say it with allow({ message }) beside it)"
          : `Claude Code's ${eventName} answer has no such field`;
      return `approvePermission({ ${refused.join(", ")} }) on ${eventName}: ${why}`;
    }
  }
  return undefined;
}

function whereApplicable(kind: HookResponseKind): string {
  if (COMMON.includes(kind)) return "every event";
  return HOOK_EVENTS.filter((event) => ANSWERS[event]!.includes(kind)).join(", ");
}
