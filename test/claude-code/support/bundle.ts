/**
 * Claude Code's own matcher functions and hook schemas, read at test time out of its installed
 * native binary (its bundled JavaScript is plain text inside it), so tests can use them as an
 * oracle. Nothing of Claude Code is kept in this repository: the snippets are found by anchors
 * (docs/claude-code-hooks.md lists them), evaluated in memory, and dropped.
 *
 * The binary is the pinned install the real-client suite's global setup made (scripts/claude-code.mjs).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { inject } from "vitest";
import { z } from "zod";

export const CLAUDE_CODE_VERSION = "2.1.328";

declare module "vitest" {
  export interface ProvidedContext {
    /** Provided by test/claude-code/global-setup.ts. */
    claudeBinary: string;
  }
}

const claudeCodeBinary = inject("claudeBinary");

let bundle: Buffer | undefined;
function bytes(): Buffer {
  bundle ??= readFileSync(claudeCodeBinary);
  return bundle;
}

/**
 * The smallest piece of source from `anchor` on that `check` accepts as whole: extended from
 * one `end` character to the next, so no tokenizer of ours has to agree with the minifier's.
 */
function extract(anchor: string, check: (text: string) => boolean, end = "}", from = 0): string {
  const data = bytes();
  const at = data.indexOf(anchor, from, "latin1");
  if (at === -1) throw new Error(`Claude Code ${CLAUDE_CODE_VERSION}'s bundle has no "${anchor}": read docs/claude-code-hooks.md again`);
  const window = data.subarray(at, at + 200_000).toString("utf8");
  for (let close = window.indexOf(end, anchor.length); close !== -1; close = window.indexOf(end, close + 1)) {
    const text = window.slice(0, close + 1);
    if (check(text)) return text;
  }
  throw new Error(`No complete piece of source after "${anchor}"`);
}

const parses = (source: string) => {
  try {
    new Function(source);
    return true;
  } catch {
    return false;
  }
};
const func = (anchor: string) => extract(anchor, parses);
const object = (anchor: string, name: string) => `const ${name}=${extract(anchor, (text) => parses(`(${text})`))};`;
/** A `name=...` initialiser of a var list, up to the comma or semicolon that ends it. */
const initialiser = (anchor: string, name: string, end: string) =>
  `const ${extract(anchor, (text) => parses(`const ${text.slice(0, -1)};`) && text.startsWith(`${name}=`), end).slice(0, -1)};`;

export interface ClaudeCodeMatching {
  /** Claude Code's `one(query, matcher, listsWithCommas, toolAliases, tools, toolInput)`. */
  one: (query: string, matcher: string, commaLists: boolean, ...rest: unknown[]) => boolean;
  /** Strips the "[1m]" context suffixes from model switch matchers. */
  PSe: (event: string, matcher: string) => string;
  /** The value an event's matcher is tested against. */
  wbn: (event: Record<string, unknown>) => string | undefined;
  /** The events whose name lists take "," (its `U6`). */
  U6: Set<string>;
  /** Old tool name -> new. */
  Wgo: Record<string, string>;
}

/** Whether Claude Code runs a hook with `matcher` for `event`, as its `rSo` decides. */
export function claudeCodeMatches(cc: ClaudeCodeMatching, event: Record<string, unknown>, matcher: string | undefined): boolean {
  const query = cc.wbn(event);
  const name = String(event.hook_event_name);
  return query === undefined || !matcher || cc.one(query, cc.PSe(name, matcher), cc.U6.has(name));
}

let matching: ClaudeCodeMatching | undefined;
export function claudeCodeMatching(): ClaudeCodeMatching {
  if (matching) return matching;
  const source = [
    func('function one(e,o,r,g,h,y){if(!o||o==="*")'),
    func("function MVe(e,o,r,g=!1){"),
    func('function PSe(e,o){if(e!=="PreModelSwitch"'),
    func("function wbn(e){switch(e.hook_event_name){"),
    initialiser('U6=new Set(["PreToolUse"', "U6", ";"),
    func("function ASo(e,o,r){"),
    func("function rGs(e,o){"),
    func("function PLt(e){"),
    func("function uUo(e){"),
    func("function Tgn(e,o){"),
    initialiser("wgn={ArtifactComments:", "wgn", ","),
    initialiser("bgn={Artifact:", "bgn", ";"),
    object('{Task:"Agent",KillShell:', "Wgo"),
    func("function Kl(e){let t=Kgo();"),
    func("function hFn(e){"),
    func("function XTe(e){"),
    func("function _ye(e,t){"),
    func("function ste(e,t){if(!t)return[];"),
    func("function Kgo(){"),
    initialiser("Gss=/^", "Gss", ";"),
  ].join("\n");
  // Stand-ins for what a local, non-cloud session uses: plain regexes, no registered tools, no REPL.
  const stubs = {
    f7r: (text: string) => new RegExp(text),
    Vwe: class CloudMatcherError extends Error {},
    on: () => undefined,
    t: () => {},
    ue: () => false,
    d: {},
    vLt: basename,
    TFt: (model: string) => model,
    FDn: () => true,
  };
  const build = new Function(...Object.keys(stubs), `${source}\nreturn { one, PSe, wbn, U6, Wgo };`);
  matching = build(...Object.values(stubs)) as ClaudeCodeMatching;
  return matching;
}

/** zod's v4 builders under the names the bundle's minifier gave them (docs/claude-code-hooks.md). */
const ZOD_NAMES = {
  p: <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  },
  c: z.object,
  n: z.string,
  E: z.literal,
  U: z.enum,
  I: z.boolean,
  v: z.number,
  T: z.array,
  he: (key: z.ZodType, value?: z.ZodType) => (value ? z.record(key as z.ZodString, value) : z.record(z.string(), key)),
  ae: z.unknown,
  Ge: z.union,
  ir: z.discriminatedUnion,
  // Parts the hook schemas only refer to: permission rule updates, a host-only display field.
  Ds: () => z.unknown(),
  c8: () => z.unknown(),
  WPi: () => z.unknown(),
  ue: () => false,
};

/** Claude Code's hook output schema, as it validates every answer (its `cO`). */
export function claudeCodeOutputSchema(): z.ZodType {
  const data = bytes();
  const runtime = data.indexOf(",Nxe=p(()=>{let e=c({async:E(!0)", 0, "latin1");
  const start = data.lastIndexOf('dO=p(()=>U(["allow","deny","ask","defer"]))', runtime, "latin1");
  const source = data.subarray(start, runtime).toString("utf8");
  const build = new Function(...Object.keys(ZOD_NAMES), `var ${source};\nreturn cO();`);
  return build(...Object.values(ZOD_NAMES)) as z.ZodType;
}

/** Claude Code's hook input schema: the union of its 33 events (its `mSt`), and the names. */
export function claudeCodeInputSchema(): { schema: z.ZodType; events: string[] } {
  const data = bytes();
  const start = data.indexOf('N2=["PreToolUse","PostToolUse"', 0, "latin1");
  const endAnchor = "mSt=p(()=>Ge([";
  const mst = data.indexOf(endAnchor, start, "latin1");
  const end = data.indexOf("])),", mst, "latin1") + 3;
  const source = data.subarray(start, end).toString("utf8");
  const si = extract('si=p(()=>U(["authentication_failed"', (text) => parses(`const ${text};`), ")");
  const build = new Function(...Object.keys(ZOD_NAMES), `var ${si}; var ${source};\nreturn { schema: mSt(), events: N2 };`);
  return build(...Object.values(ZOD_NAMES)) as { schema: z.ZodType; events: string[] };
}
