// The hook framework, as a team's app file imports it.
export { ANSWERS, problemWith } from "./answers";
export { HookApp, type HookAppOptions, type Middleware } from "./hook-app";
export type { HookContext } from "./context";
export { unlessTooLarge } from "./degrade";
export { HookRegistrationError, HookResponseError } from "./errors";
export {
  EVENT_TABLE,
  type EventOf,
  type EventRow,
  HOOK_EVENTS,
  type HookEvents,
  type KnownHookEvent,
  type ResponseFor,
  type ResponsesByEvent,
} from "./event-table";
export * from "./events";
export { canonicalToolName, MatcherError, matchTarget } from "./matcher";
export { TOOL_ALIASES } from "./tool-input";
export { capText, type HookOutput, TEXT_LIMIT } from "./output";
export { OVERSIZED } from "./oversized";
export { type Pointer, type PointerKind, pointAt, showPointed } from "./pointers";
export {
  Blueprint,
  type Handler,
  type HandlerFor,
  type HandlerOptions,
  type HandlerResult,
  type WhenCut,
} from "./registry";
export * from "./responses";
export type * from "./tool-input";
