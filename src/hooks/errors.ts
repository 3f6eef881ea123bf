/** A handler answered something its event cannot take, or failed to answer what it must. */
export class HookResponseError extends Error {
  override name = "HookResponseError";
}

/** A handler registered in a way Claude Code could not serve (thrown when the app is built). */
export class HookRegistrationError extends Error {
  override name = "HookRegistrationError";
}
