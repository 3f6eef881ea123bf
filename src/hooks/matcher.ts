/**
 * A Claude Code matcher: a name ("Write"), a `|` list ("Edit|Write"), a regex ("mcp__.*"), or
 * none ("", "*" or absent: everything). Names and lists match whole names, exactly; a regex
 * must match the whole name too.
 */
export type Matcher = (target: string | undefined) => boolean;

const NAMES = /^[A-Za-z0-9_-]+(\|[A-Za-z0-9_-]+)*$/;

export function isCatchAll(pattern: string | undefined): boolean {
  return pattern === undefined || pattern === "" || pattern === "*";
}

export function compileMatcher(pattern: string | undefined): Matcher {
  if (isCatchAll(pattern)) return () => true;
  if (NAMES.test(pattern!)) {
    const names = new Set(pattern!.split("|"));
    return (target) => target !== undefined && names.has(target);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch (error) {
    throw new Error(`Matcher "${pattern}" is neither a tool name, a | list nor a valid regex: ${(error as Error).message}`);
  }
  return (target) => target !== undefined && regex.test(target);
}

/** One matcher for Claude Code's settings that matches whatever any of `patterns` matches. */
export function unionOfMatchers(patterns: (string | undefined)[]): string | undefined {
  if (patterns.some(isCatchAll)) return undefined;
  const unique = [...new Set(patterns as string[])];
  if (unique.every((pattern) => NAMES.test(pattern))) {
    return [...new Set(unique.flatMap((pattern) => pattern.split("|")))].join("|");
  }
  return unique.map((pattern) => (NAMES.test(pattern) ? pattern : `(?:${pattern})`)).join("|");
}
