// Matchers as Claude Code evaluates them (test/unit/support/matcher-cases.ts says why
// each case is what it is), and the one matcher per event that `install` writes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HookApp } from "../../src/hooks";
import { compileMatcher, MatcherError, matchTarget, unionOfMatchers } from "../../src/hooks/matcher";
import { MATCHER_CASES, MATCHER_POOL, NAME_POOL } from "./support/matcher-cases";

const isValidRegexOrNames = (event: string, matcher: string | undefined) => {
  try {
    compileMatcher(event, matcher);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(MatcherError);
    return false;
  }
};

describe("each matcher, as Claude Code reads it", () => {
  it.each(MATCHER_CASES)("$event $matcher on $fields: $expected ($why)", ({ event, matcher, fields, expected }) => {
    if (!isValidRegexOrNames(event, matcher)) {
      // Claude Code never matches an invalid regex; the app refuses it when registered.
      expect(expected).toBe(false);
      expect(() => new HookApp().on(event, matcher, () => {})).toThrow(/neither a name list nor a valid regex/);
      return;
    }
    const target = matchTarget({ session_id: "s", hook_event_name: event, ...fields });
    expect(compileMatcher(event, matcher)(target)).toBe(expected);
  });
});

/** Whether our matcher for `event` accepts an event whose match field holds `value`. */
const matches = (event: string, matcher: string | undefined, value: string) =>
  compileMatcher(event, matcher)(matchTarget({ session_id: "s", hook_event_name: event, [NAME_POOL[event]!.field]: value }));

describe("the one matcher per event for the settings", () => {
  it.each([
    ["PreToolUse", ["Write", "Edit|Write"], "Write|Edit"],
    ["PreToolUse", ["Edit, Write", "Bash"], "Edit|Write|Bash"],
    ["PreToolUse", ["Write", "mcp__.*"], "^(?:Write)$|(?:mcp__.*)"],
    ["PreToolUse", ["Task", "Notebook.*"], "^(?:Agent)$|(?:Notebook.*)"],
    ["PreToolUse", ["mcp__.*", "mcp__.*"], "mcp__.*"],
    ["PreToolUse", ["^Edit$"], "^Edit$"],
    ["PreToolUse", ["(a)\\1", "(b)\\1"], "(?:(a)\\1)|(?:(b)(?:\\2))"],
    ["PreToolUse", ["Write", undefined], undefined],
    ["PreToolUse", ["Write", "*"], undefined],
    ["PreToolUse", ["|", "|"], "|"],
    ["SessionStart", ["startup", "resume"], "startup|resume"],
    ["PostModelSwitch", ["opus[1m]", "sonnet"], "opus|sonnet"],
    ["Stop", ["Bash"], undefined],
    ["PostToolBatch", ["Write", "Edit"], undefined],
    ["FileChanged", [".envrc", ".env|Makefile", ".env"], ".envrc|.env|Makefile"],
  ] as const)("%s %j -> %s", (event, patterns, union) => {
    expect(unionOfMatchers(event, patterns)).toBe(union);
  });

  it("joined with a regex, names become an anchored group: a bare | would make them unanchored", () => {
    const union = unionOfMatchers("PreToolUse", ["Write", "mcp__.*"])!;
    expect(matches("PreToolUse", union, "WriteFile")).toBe(false);
    expect(matches("PreToolUse", "Write|mcp__.*", "WriteFile")).toBe(true);
  });

  it("is exactly the union of its parts, for every mix of names and regexes", () => {
    for (const [event, pool] of Object.entries(MATCHER_POOL)) {
      fc.assert(
        fc.property(fc.subarray(pool, { minLength: 1 }), (patterns) => {
          const union = unionOfMatchers(event, patterns);
          for (const value of NAME_POOL[event]!.values) {
            const expected = patterns.some((pattern) => matches(event, pattern, value));
            expect(matches(event, union, value), `${event} ${JSON.stringify(patterns)} -> ${union} on ${value}`).toBe(expected);
          }
        }),
        { numRuns: 200 },
      );
    }
  });

  it("FileChanged: the pieces stay file names to watch; no file a handler matches is lost", () => {
    const patterns = ["Makefile", ".envrc|.env"];
    const union = unionOfMatchers("FileChanged", patterns)!;
    // Claude Code watches each |-piece as a path: a wrapped regex would be no path at all.
    expect(union.split("|")).toEqual(["Makefile", ".envrc", ".env"]);
    const changed = (file: string) => ({ session_id: "s", hook_event_name: "FileChanged", file_path: `/p/${file}` });
    for (const file of ["Makefile", ".envrc", ".env", "x.env.local", "other"]) {
      const any = patterns.some((pattern) => compileMatcher("FileChanged", pattern)(matchTarget(changed(file))));
      if (any) expect(compileMatcher("FileChanged", union)(matchTarget(changed(file)))).toBe(true);
    }
  });

  it("lists each handled event once, from the app's handlers", () => {
    const app = new HookApp()
      .preTool("Write", () => {})
      .preTool("Edit|Write", () => {})
      .postTool(() => {})
      .postTool("Bash", () => {})
      .onPrompt(() => {})
      .onSessionStart(() => {}, { matcher: "startup" })
      .onFileChanged(() => {}, { matcher: ".envrc" });
    expect(app.events()).toEqual({
      events: [
        { event: "PreToolUse", matcher: "Write|Edit" },
        { event: "PostToolUse" },
        { event: "UserPromptSubmit" },
        { event: "SessionStart", matcher: "startup" },
        { event: "FileChanged", matcher: ".envrc" },
      ],
    });
  });
});
