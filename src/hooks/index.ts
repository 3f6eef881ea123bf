// The hook framework, as a team's app file imports it.
export { HookApp, type HookAppOptions, HookResponseError, type Middleware } from "./app";
export type { HookContext } from "./context";
export * from "./events";
export { capText, type HookOutput, TEXT_LIMIT } from "./output";
export { Blueprint, type Handler, type HandlerOptions, type HandlerResult } from "./registry";
export * from "./responses";
export type * from "./tool-input";
