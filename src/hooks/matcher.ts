/**
 * Matchers exactly as Claude Code evaluates them (docs/claude-code-hooks.md quotes its bundle):
 * which field of an event a matcher is tested against (the event table's `match`), and how.
 *
 * - No matcher, "" or "*": every event. An event without a match field (Stop, PostToolBatch...)
 *   or without a value in it: every matcher matches.
 * - Simple names: letters, digits and "_" joined by "|" match whole names exactly. Events that
 *   take name lists (tools, sources, triggers...) also allow "," as a separator and spaces and
 *   "-" inside names (`"Edit, Write"`, `"auth-success"`). Old tool names stand for their new
 *   ones (`Task` is `Agent`).
 * - Anything else is a JavaScript regex, unanchored (`"Write"` as part of a regex also matches
 *   "WriteFile"), tested against the name and then against the old names of the tool.
 */
import { HookRegistrationError } from "./errors";
import { LISTS_WITH_COMMAS, rowOf } from "./event-table";
import type { BaseEvent } from "./events";
import { TOOL_ALIASES } from "./tool-input";

/** How the event table's `matchValue` reads a field. */
const READ_MATCH_VALUE = {
  // Claude Code resolves the id first, and matches everything for a model it does not know;
  // the Worker cannot tell which models those are, so it takes the id as sent.
  "model id": (value: unknown) => (typeof value === "string" ? value.replace(/\[[12]m\]$/i, "") : value),
  "base name": (value: unknown) => (typeof value === "string" ? value.split(/[\\/]/).pop() : value),
};

/** What a matcher is tested against for this event, or undefined: every matcher matches. */
export function matchTarget(event: BaseEvent): string | undefined {
  const row = rowOf(event.hook_event_name);
  if (row?.match === undefined) return undefined;
  const value = row.matchValue ? READ_MATCH_VALUE[row.matchValue](event[row.match]) : event[row.match];
  return typeof value === "string" ? value : undefined;
}

export type Matcher = (target: string | undefined) => boolean;

export class MatcherError extends HookRegistrationError {
  override name = "MatcherError";
}

export function compileMatcher(eventName: string, pattern: string | undefined): Matcher {
  const text = pattern === undefined ? undefined : withoutContextSuffixes(eventName, pattern);
  if (isCatchAll(text)) return () => true;
  const names = nameList(eventName, text!);
  if (names) {
    const canonical = new Set(names.map(canonicalToolName));
    return (target) => target === undefined || canonical.has(target);
  }
  const regex = compileRegex(eventName, text!);
  return (target) => target === undefined || regex.test(target) || oldNamesOf(target).some((name) => regex.test(name));
}

function isCatchAll(pattern: string | undefined): boolean {
  return pattern === undefined || pattern === "" || pattern === "*";
}

/** A tool's current name: `Task` -> `Agent`; others as they are. */
export function canonicalToolName(name: string): string {
  return Object.hasOwn(TOOL_ALIASES, name) ? TOOL_ALIASES[name]! : name;
}

/**
 * One matcher for Claude Code's settings that Claude Code evaluates to exactly the union of
 * `patterns` (undefined: everything). Names stay a name list; joined with a regex they become
 * an anchored group, since a regex would read them unanchored. FileChanged is the exception:
 * Claude Code also watches each "|"-separated piece as a file path, so pieces are only joined.
 */
export function unionOfMatchers(eventName: string, patterns: readonly (string | undefined)[]): string | undefined {
  // No match field: a matcher means nothing, Claude Code calls every hook.
  if (rowOf(eventName)?.match === undefined) return undefined;
  const texts = patterns.map((pattern) => (pattern === undefined ? undefined : withoutContextSuffixes(eventName, pattern)));
  if (texts.length === 0 || texts.some(isCatchAll)) return undefined;
  const unique = [...new Set(texts as string[])];
  if (unique.length === 1) return unique[0];
  if (eventName === "FileChanged") {
    return [...new Set(unique.flatMap((text) => text.split("|").map((piece) => piece.trim())).filter(Boolean))].join("|");
  }
  const lists = unique.map((text) => nameList(eventName, text));
  const names = [...new Set(lists.flatMap((list) => list ?? []))];
  const regexes = unique.filter((_, index) => lists[index] === undefined);
  // An empty name list ("|") matches nothing, and so does "|" in the settings.
  if (regexes.length === 0) return names.length > 0 ? names.join("|") : "|";
  const alternatives: string[] = [];
  if (names.length > 0) alternatives.push(`^(?:${[...new Set(names.map(canonicalToolName))].join("|")})$`);
  let groups = 0;
  for (const regex of regexes) {
    alternatives.push(`(?:${shiftBackreferences(regex, groups)})`);
    groups += countCapturingGroups(regex);
  }
  const union = alternatives.join("|");
  compileRegex(eventName, union, `the union of ${JSON.stringify(unique)}`);
  return union;
}

function nameList(eventName: string, text: string): string[] | undefined {
  if (LISTS_WITH_COMMAS.has(eventName)) {
    if (!/^[a-zA-Z0-9_|, -]+$/.test(text)) return undefined;
    return text
      .split(/[|,]/)
      .map((name) => name.trim())
      .filter(Boolean);
  }
  if (!/^[a-zA-Z0-9_|]+$/.test(text)) return undefined;
  return text.split("|").filter(Boolean);
}

/** Model matchers may name the 1M-context variants ("opus[1m]"): Claude Code drops the suffix. */
function withoutContextSuffixes(eventName: string, pattern: string): string {
  if (rowOf(eventName)?.matchValue !== "model id") return pattern;
  const stripped = pattern.replace(/\[[12]m\](?=\s*(?:[|,]|$))/gi, "");
  return stripped.trim() === "" ? pattern : stripped;
}

function oldNamesOf(name: string): string[] {
  return Object.keys(TOOL_ALIASES).filter((old) => TOOL_ALIASES[old] === name);
}

function compileRegex(eventName: string, text: string, what = `"${text}"`): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw new MatcherError(
      `The ${eventName} matcher ${what} is neither a name list nor a valid regex (Claude Code would never match it): ${(error as Error).message}`,
    );
  }
}

/** Walks a regex's source, calling `visit` on each escape and group opening outside classes. */
function scanRegex(source: string, visit: (token: { kind: "group" | "escape"; at: number; text: string }) => void) {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      const digits = /^\d+/.exec(source.slice(i + 1))?.[0];
      const text = `\\${digits ?? source[i + 1] ?? ""}`;
      if (!inClass) visit({ kind: "escape", at: i, text });
      i += text.length - 1;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "(") {
      visit({ kind: "group", at: i, text: source.slice(i, i + 4) });
    }
  }
}

function isCapturing(groupStart: string): boolean {
  return !groupStart.startsWith("(?") || (groupStart.startsWith("(?<") && !/^\(\?<[=!]/.test(groupStart));
}

function countCapturingGroups(source: string): number {
  let count = 0;
  scanRegex(source, (token) => {
    if (token.kind === "group" && isCapturing(token.text)) count++;
  });
  return count;
}

/** Renumbers `\1`... by `offset`, so a regex keeps its own groups once put after others. */
function shiftBackreferences(source: string, offset: number): string {
  if (offset === 0) return source;
  const own = countCapturingGroups(source);
  let result = "";
  let from = 0;
  scanRegex(source, ({ kind, at, text }) => {
    const number = Number(text.slice(1));
    if (kind !== "escape" || !/^\\[1-9]\d*$/.test(text) || number > own) return;
    // Grouped, so a digit after it cannot join the new number.
    result += `${source.slice(from, at)}(?:\\${number + offset})`;
    from = at + text.length;
  });
  return result + source.slice(from);
}
