/**
 * What a Claude Code binary has that the event table (src/hooks/event-table.ts) does not, and
 * where the two disagree: its events, their input fields, its answers' fields, its matcher's
 * field, "," lists, tool aliases and HTTP rule per event, and what its own code decides on our
 * MockEvents, our answers and our matchers. `npm run claude-code -- --check latest` prints it
 * for the registry's newest Claude Code; the oracle test requires it empty for the pinned one.
 */
import {
  BASE_INPUT,
  COMMAND_ONLY_EVENTS,
  COMMON_NOT_OFFERED,
  DECISION_EVENTS,
  EVENT_TABLE,
  HOOK_EVENTS,
  LISTS_WITH_COMMAS,
  rowOf,
} from "../../../src/hooks/event-table";
import { compileMatcher, matchTarget, unionOfMatchers } from "../../../src/hooks/matcher";
import { TOOL_ALIASES } from "../../../src/hooks/tool-input";
import { MATCHER_CASES, MATCHER_POOL, NAME_POOL } from "../../unit/support/matcher-cases";
import { MOCK_BUILDERS } from "../../unit/support/mock-builders";
import { outputCases } from "../../unit/support/output-cases";
import type { ClaudeCodeBundle, Fields } from "./bundle";

/** Each difference, as one line: what Claude Code has, and what the table (or our code) lacks. */
export function differences(cc: ClaudeCodeBundle): string[] {
  return [
    ...eventDifferences(cc),
    ...inputDifferences(cc),
    ...answerDifferences(cc),
    ...matcherDifferences(cc),
    ...sameSet("events whose HTTP hooks Claude Code skips (commandOnly)", cc.commandOnly, COMMAND_ONLY_EVENTS),
    ...sameSet("events whose hooks guard permissions (decision)", cc.guards, DECISION_EVENTS),
  ];
}

function eventDifferences(cc: ClaudeCodeBundle): string[] {
  return [
    ...cc.events.filter((event) => !rowOf(event)).map((event) => `event ${event}: not in the table`),
    ...HOOK_EVENTS.filter((event) => !cc.events.includes(event)).map((event) => `event ${event}: in the table, gone from Claude Code`),
  ];
}

/** A row's field list ("name?" optional) as fields. */
function listed(names: readonly string[]): Fields {
  return Object.fromEntries(names.map((name) => (name.endsWith("?") ? [name.slice(0, -1), "optional"] : [name, "required"])));
}

function inputDifferences(cc: ClaudeCodeBundle): string[] {
  const found: string[] = [];
  // The base by names only: the Worker takes every base field as optional on purpose.
  const base = listed(BASE_INPUT);
  for (const name of Object.keys(cc.baseFields)) {
    if (name !== "session_id" && !(name in base)) found.push(`input of every event: ${name} (${cc.baseFields[name]}) not in BASE_INPUT`);
  }
  for (const event of HOOK_EVENTS.filter((name) => cc.events.includes(name))) {
    const theirs = cc.inputFields[event] ?? {};
    const ours = listed(EVENT_TABLE[event].input);
    for (const [name, need] of Object.entries(theirs)) {
      if (!(name in ours)) found.push(`${event} input: ${name} (${need}) not in its row`);
      else if (ours[name] !== need) found.push(`${event} input: ${name} is ${need}, the row has it ${ours[name]}`);
    }
    for (const name of Object.keys(ours))
      if (!(name in theirs)) found.push(`${event} input: ${name} in its row, not in Claude Code's schema`);
    const built = MOCK_BUILDERS[event]?.();
    const parsed = built && cc.inputSchema(event).safeParse(built);
    if (!built) found.push(`${event}: no MockEvent builder`);
    else if (!parsed!.success) found.push(`${event}: Claude Code refuses MockEvent's: ${issues(parsed!)}`);
  }
  return found;
}

function answerDifferences(cc: ClaudeCodeBundle): string[] {
  const found: string[] = [];
  const made = new Map<string, Set<string>>();
  const topLevel = new Set<string>(COMMON_NOT_OFFERED);
  for (const { event, what, output } of outputCases()) {
    const parsed = cc.outputSchema.safeParse(output);
    if (!parsed.success) found.push(`${event} answer ${what}: Claude Code refuses it: ${issues(parsed)}`);
    else if (canonical(parsed.data) !== canonical(output)) found.push(`${event} answer ${what}: Claude Code drops part of it`);
    for (const field of Object.keys(output)) topLevel.add(field);
    const specific = made.get(event) ?? new Set();
    for (const field of Object.keys(output.hookSpecificOutput ?? {})) specific.add(field);
    made.set(event, specific);
  }
  for (const field of cc.outputFields) {
    if (field !== "hookSpecificOutput" && !topLevel.has(field))
      found.push(`answer field ${field}: no response makes it, nor is it in COMMON_NOT_OFFERED`);
  }
  for (const [event, fields] of Object.entries(cc.specificOutputFields)) {
    const row = rowOf(event);
    if (!row) continue;
    const notOffered = row.notOffered ?? [];
    for (const field of fields) {
      if (!made.get(event)?.has(field) && !notOffered.includes(field)) {
        found.push(`${event} answer: ${field}: no response makes it, nor does the row's notOffered have it`);
      }
    }
    for (const field of notOffered)
      if (!fields.includes(field)) found.push(`${event} answer: ${field} is in notOffered, not in Claude Code's schema`);
  }
  return found;
}

function matcherDifferences(cc: ClaudeCodeBundle): string[] {
  const found: string[] = [];
  for (const event of HOOK_EVENTS.filter((name) => cc.events.includes(name))) {
    const theirs = cc.matchFields[event];
    const ours = EVENT_TABLE[event] as { match?: string };
    if (theirs !== ours.match)
      found.push(`${event} matcher: tested against ${theirs ?? "nothing"}, the row says ${ours.match ?? "nothing"}`);
  }
  found.push(...sameSet('events whose name lists take "," (commaLists)', cc.commaLists, LISTS_WITH_COMMAS));
  for (const name of new Set([...Object.keys(cc.toolAliases), ...Object.keys(TOOL_ALIASES)])) {
    if (cc.toolAliases[name] !== TOOL_ALIASES[name]) {
      found.push(`tool alias ${name}: ${cc.toolAliases[name] ?? "none"} in Claude Code, ${TOOL_ALIASES[name] ?? "none"} in TOOL_ALIASES`);
    }
  }
  const sent = (event: string, fields: Record<string, unknown>) => ({ session_id: "s", hook_event_name: event, ...fields });
  for (const { event, matcher, fields, expected, why } of MATCHER_CASES) {
    if (cc.matches(sent(event, fields), matcher) !== expected) {
      found.push(
        `matcher ${JSON.stringify(matcher)} on ${event} ${JSON.stringify(fields)}: Claude Code says ${!expected} (the case says ${expected}: ${why})`,
      );
    }
  }
  for (const [event, patterns] of Object.entries(MATCHER_POOL)) {
    const { field, values } = NAME_POOL[event]!;
    for (const value of values) {
      const event_ = sent(event, { [field]: value });
      for (const pattern of patterns) {
        const theirs = cc.matches(event_, pattern);
        if (compileMatcher(event, pattern)(matchTarget(event_)) !== theirs) {
          found.push(`matcher ${JSON.stringify(pattern)} on ${event} ${field}=${value}: Claude Code says ${theirs}, ours ${!theirs}`);
        }
        // The settings' one matcher for two handlers must match what either would.
        for (const other of patterns) {
          const union = unionOfMatchers(event, [pattern, other]);
          const either = theirs || cc.matches(event_, other);
          if (cc.matches(event_, union) !== either) {
            found.push(
              `union of ${JSON.stringify([pattern, other])} on ${event} ${field}=${value}: ${JSON.stringify(union)} is ${!either} to Claude Code`,
            );
          }
        }
      }
    }
  }
  return found;
}

function sameSet(what: string, theirs: readonly string[], ours: ReadonlySet<string>): string[] {
  return [
    ...theirs.filter((event) => !ours.has(event)).map((event) => `${what}: ${event} in Claude Code, not in the table`),
    ...[...ours].filter((event) => !theirs.includes(event)).map((event) => `${what}: ${event} in the table, not in Claude Code`),
  ];
}

/** JSON with every object's keys sorted: equal for equal data, whatever order the keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

function issues(result: { error?: { issues: { path: unknown[]; message: string }[] } }): string {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
