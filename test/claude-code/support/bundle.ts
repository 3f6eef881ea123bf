/**
 * What a Claude Code binary says about hooks, read out of its own code (support/bun-binary.ts
 * evaluates it): its events, the schemas it checks hook inputs and answers with, the field each
 * event's matcher is tested against, its matching itself. Nothing of Claude Code is kept in this
 * repository: each fact is found by text that stays from build to build (docs/claude-code-hooks.md
 * lists it), never by the names its minifier chose.
 */
import { parseAst } from "rolldown/parseAst";
import type {} from "vitest";
import { BunBinary, type Chunk } from "./bun-binary.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The pinned Claude Code's binary, for the oracle test (global-setup.ts provides it). */
    claudeBinary: string;
  }
}

/** What Claude Code's own schema library gives (zod's API, its own code since 2.1.332). */
interface Schema {
  type: string;
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: { path: unknown[]; message: string }[] } };
  [field: string]: any;
}

/** Field name -> whether Claude Code requires it. */
export type Fields = Record<string, "required" | "optional">;

export interface ClaudeCodeBundle {
  version: string;
  /** Its list of hook events, in its order. */
  events: string[];
  /** The fields of every event's input (its base schema). */
  baseFields: Fields;
  /** Per event: its input's fields besides the base's (or the base's it requires where the base does not). */
  inputFields: Record<string, Fields>;
  /** Validates one event's input, as Claude Code's SDK types describe it. */
  inputSchema: (event: string) => Schema;
  /** Validates every hook answer, as Claude Code does before using it. */
  outputSchema: Schema;
  /** The top-level fields of an answer. */
  outputFields: string[];
  /** Per event that takes one: the fields of its hookSpecificOutput (hookEventName left out). */
  specificOutputFields: Record<string, string[]>;
  /** Per event: the field its matcher is tested against, or undefined when every hook runs. */
  matchFields: Record<string, string | undefined>;
  /** The events whose name lists take "," (and spaces and "-" in names). */
  commaLists: string[];
  /** Old tool name -> new. */
  toolAliases: Record<string, string>;
  /** The events whose HTTP hooks Claude Code skips. */
  commandOnly: string[];
  /** The events whose hooks guard permissions: an entry that fails to load there blocks what sits beside it. */
  guards: string[];
  /** Whether Claude Code runs a hook with `matcher` for `event`. */
  matches(event: Record<string, unknown>, matcher: string | undefined): boolean;
  /** What Claude Code logged while matching (an invalid regex, say). */
  matchLog: string[];
}

/** Reads a Claude Code native binary: about 3 s (the binary is ~400 MB). */
export function readClaudeCode(binaryPath: string): ClaudeCodeBundle {
  const binary = new BunBinary(binaryPath);
  const matching = matcherChunk(binary);
  const inputs = inputSchemas(binary);
  const output = outputSchema(binary);
  const specific = objectIn(output, "hookSpecificOutput")!.shape.hookSpecificOutput;
  const specificOutputFields: Record<string, string[]> = {};
  for (const option of unwrap(specific).options as Schema[]) {
    const { hookEventName, ...fields } = option.shape;
    specificOutputFields[hookEventName.value] = Object.keys(fields);
  }
  const guardChunk = binary.chunkWith("where a matcher was expected");
  return {
    version: /\/\/ Version: (\S+)/.exec(matching.chunk.source)?.[1] ?? "unknown",
    events: inputs.events,
    baseFields: inputs.baseFields,
    inputFields: inputs.inputFields,
    inputSchema: inputs.schema,
    outputSchema: output,
    outputFields: Object.keys(objectIn(output, "hookSpecificOutput")!.shape),
    specificOutputFields,
    matchFields: matching.fields,
    commaLists: [...matching.commaLists],
    toolAliases: toolAliases(binary),
    commandOnly: commandOnly(binary),
    guards: eventSetUsedBy(guardChunk, guardChunk.declarationWith("where a matcher was expected"))[1],
    matches: matching.matches,
    matchLog: matching.log,
  };
}

/** The chunk of Claude Code's matcher: the functions that decide whether a hook runs. */
function matcherChunk(binary: BunBinary) {
  const chunk = binary.chunkWith("Invalid regex pattern in hook matcher");
  const test = chunk.declarationWith("Invalid regex pattern in hook matcher");
  const suffixes = chunk.declarationWith("\\[[12]m\\]");
  const query = chunk.declarationWith(/\.hook_event_name\)\{case"PreToolUse":/);
  // The set of events with "," lists: the one its callers test beside the two functions.
  const callers = chunk.declarationsWith(
    new RegExp(`\\b${escapeName(test)}\\(.*\\b${escapeName(suffixes)}\\(|\\b${escapeName(suffixes)}\\(.*\\b${escapeName(test)}\\(`),
  );
  const sets = new Set(callers.map((caller) => eventSetUsedBy(chunk, caller)[0]));
  const [commaSet, ...others] = sets;
  if (!commaSet || others.length > 0) throw new Error(`${chunk.name}: not one set of events with "," lists (${[...sets]})`);

  // Stand-ins where its code reaches the session: it logs to its debug file, compiles regexes
  // under a cloud session's limits, and resolves model aliases from the settings. A local
  // session's regexes are plain; model ids are taken as sent (docs/claude-code-hooks.md).
  const log: string[] = [];
  chunk.override(/([\w$]+)\(`Invalid regex pattern in hook matcher/.exec(chunk.code(test))![1]!, (message: string) => log.push(message));
  for (const name of chunk.imports()) {
    if (chunk.code(name).includes("cannot be tested in a cloud session")) chunk.override(name, (text: string) => new RegExp(text));
  }
  const model = /([\w$]+)\([\w$]+\.to_model\);return ([\w$]+)\(/.exec(chunk.code(query));
  if (model) chunk.override(model[1]!, (id: string) => id).override(model[2]!, () => true);

  const commaLists = chunk.value(commaSet) as Set<string>;
  const queryOf = chunk.value(query) as (event: Record<string, unknown>) => string | undefined;
  const testMatcher = chunk.value(test) as (query: string, matcher: string, commaLists: boolean) => boolean;
  const stripSuffixes = chunk.value(suffixes) as (event: string, matcher: string) => string;
  return {
    chunk,
    commaLists,
    log,
    fields: switchFields(chunk.code(query)),
    // Its own rule, around those functions: no query or no matcher, every hook runs.
    matches(event: Record<string, unknown>, matcher: string | undefined): boolean {
      const value = queryOf(event);
      const name = String(event.hook_event_name);
      return value === undefined || !matcher || testMatcher(value, stripSuffixes(name, matcher), commaLists.has(name));
    },
  };
}

/** Each `case "Event":` of the query function -> the first field of the event its branch reads. */
function switchFields(code: string): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  let cases: Node[] = [];
  walk(parseAst(code), (node) => {
    if (node.type !== "SwitchStatement") return;
    const event = node.discriminant.object.name as string;
    let waiting: string[] = [];
    for (const branch of node.cases as Node[]) {
      if (branch.test) waiting.push(branch.test.value);
      if (branch.consequent.length === 0) continue;
      const text = code.slice(branch.consequent[0].start, branch.consequent.at(-1).end);
      const field = new RegExp(`\\b${event.replace("$", "\\$")}\\.(\\w+)`).exec(text)?.[1];
      for (const name of waiting) fields[name] = field;
      waiting = [];
    }
    cases = node.cases;
  });
  if (cases.length === 0) throw new Error("no switch on hook_event_name in the matcher's query function");
  return fields;
}

/** The input schemas, one declaration per event (`hook_event_name: literal("Event")`). */
function inputSchemas(binary: BunBinary) {
  const list = /^var [\w$]+=\["PreToolUse","PostToolUse","PostToolUseFailure"/;
  const chunks = binary
    .chunksWith('"PreToolUse","PostToolUse","PostToolUseFailure"')
    .map((name) => binary.chunk(name))
    .filter(
      (chunk) => chunk.declarationsWith(list).length > 0 && chunk.declarationsWith(/hook_event_name:[\w$]+\("PreToolUse"\)/).length > 0,
    );
  if (chunks.length !== 1) throw new Error(`${chunks.length} chunks declare the hook events and their input schemas, not one`);
  const chunk = chunks[0]!;
  const eventsName = chunk.declarationWith(list);
  const events = chunk.value(eventsName) as string[];
  const schemas = new Map<string, Schema>();
  const schema = (event: string): Schema => {
    let found = schemas.get(event);
    if (!found) {
      const value = chunk.value(chunk.declarationWith(new RegExp(`hook_event_name:[\\w$]+\\("${event}"\\)`)));
      found = (typeof value === "function" ? value() : value) as Schema;
      schemas.set(event, found);
    }
    return found;
  };
  const baseFields = fieldsOf(baseOf(schema(events[0]!)));
  const inputFields: Record<string, Fields> = {};
  for (const event of events) {
    // A base field is the event's own where the event requires it (SubagentStart's agent_id).
    const own = Object.entries(fieldsOf(schema(event))).filter(
      ([name, need]) =>
        name !== "hook_event_name" && (baseFields[name] === undefined || (baseFields[name] === "optional" && need === "required")),
    );
    inputFields[event] = Object.fromEntries(own);
  }
  return { events, schema, baseFields, inputFields };
}

/** Claude Code's check of every hook answer: `union([{ async: true, asyncTimeout }, the sync answer])`. */
function outputSchema(binary: BunBinary): Schema {
  const anchor = /\{let [\w$]+=[\w$]+\(\{async:[\w$]+\(!0\),asyncTimeout:/;
  const chunks = binary.chunksWith("asyncTimeout:").filter((name) => binary.chunk(name).declarationsWith(anchor).length > 0);
  if (chunks.length !== 1) throw new Error(`${chunks.length} chunks declare the hook answer's schema, not one`);
  const chunk = binary.chunk(chunks[0]!);
  const value = chunk.value(chunk.declarationWith(anchor));
  return (typeof value === "function" ? value() : value) as Schema;
}

function toolAliases(binary: BunBinary): Record<string, string> {
  const chunk = binary.chunkWith('{Task:"Agent",');
  return chunk.value(chunk.declarationWith(/^var [\w$]+=\{Task:"Agent",/)) as Record<string, string>;
}

/** The events named in the test of the branch that drops HTTP hooks ("HTTP hooks are not supported for ..."). */
function commandOnly(binary: BunBinary): string[] {
  const chunk = binary.chunkWith("HTTP hooks are not supported for");
  const code = chunk.code(chunk.declarationWith("HTTP hooks are not supported for"));
  const events: string[] = [];
  walk(parseAst(code), (node) => {
    if (
      node.type !== "ConditionalExpression" ||
      !code.slice(node.consequent.start, node.consequent.end).includes("HTTP hooks are not supported")
    ) {
      return;
    }
    walk(node.test, (inner) => {
      if (inner.type === "Literal" && typeof inner.value === "string") events.push(inner.value);
    });
  });
  if (events.length === 0) throw new Error("no test of the events whose HTTP hooks Claude Code skips");
  return events;
}

/** The set of events (a top-level `new Set([...])`) that a declaration tests with `.has(`: its name, its events. */
function eventSetUsedBy(chunk: Chunk, declaration: string): [string, string[]] {
  for (const [, name] of chunk.code(declaration).matchAll(/([\w$]+)\.has\(/g)) {
    if (chunk.binds(name!) && /^var [\w$]+=new Set\(\["PreToolUse"/.test(chunk.code(name!)))
      return [name!, [...(chunk.value(name!) as Set<string>)]];
  }
  throw new Error(`${chunk.name}: ${declaration} tests no set of events`);
}

const escapeName = (name: string) => name.replace(/\$/g, "\\$");

/** The schema inside optional/nullable/lazy wrappers. */
function unwrap(schema: Schema): Schema {
  return schema.innerType && schema.type !== "object" ? unwrap(schema.innerType) : schema;
}

/** The base of an event's schema: `base.and(object({...}))`. */
function baseOf(schema: Schema): Schema {
  if (schema.type !== "intersection") throw new Error(`an event's input schema is a ${schema.type}, not base.and(...)`);
  return schema.left;
}

/** Every field of an object, or of the objects an intersection joins, with whether it is required. */
function fieldsOf(schema: Schema): Fields {
  if (schema.type === "intersection") return { ...fieldsOf(schema.left), ...fieldsOf(schema.right) };
  if (schema.type !== "object") throw new Error(`an input schema holds a ${schema.type} where an object was expected`);
  // Required: the fields an empty object is refused for.
  const refused = new Set((schema.safeParse({}).error?.issues ?? []).map((issue) => String(issue.path[0])));
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, refused.has(name) ? "required" : "optional"]));
}

/** The object of a union (or the object itself) that has `field`. */
function objectIn(schema: Schema, field: string): Schema | undefined {
  if (schema.type === "object") return field in schema.shape ? schema : undefined;
  for (const option of (schema.options ?? []) as Schema[]) {
    const found = objectIn(option, field);
    if (found) return found;
  }
  return undefined;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [field: string]: any;
}

function walk(node: unknown, visit: (node: Node) => void) {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node && typeof node === "object" && typeof (node as Node).type === "string") {
    visit(node as Node);
    for (const [key, value] of Object.entries(node)) if (key !== "type" && typeof value === "object") walk(value, visit);
  }
}
