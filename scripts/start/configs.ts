// Which Workers `npm start` runs: the main Worker (wrangler.toml) and, when the project has it,
// the linter Worker (linter/wrangler.toml) beside it in the same `wrangler dev`, so the LINTER
// service binding reaches it as on Cloudflare. A --config/-c the user gives is left as it is.

export const LINTER_CONFIG = "linter/wrangler.toml";

/** The `-c` arguments to add to wrangler dev's, or none. */
export function devConfigArgs(args: readonly string[], hasLinter: boolean): string[] {
  const chosen = args.some((arg) => arg === "-c" || arg === "--config" || arg.startsWith("--config=") || arg.startsWith("-c="));
  return chosen || !hasLinter ? [] : ["-c", "wrangler.toml", "-c", LINTER_CONFIG];
}
