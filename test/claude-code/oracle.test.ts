// The pinned Claude Code's own code as the oracle: its events, schemas and matcher, read out of
// its installed binary at test time (support/bundle.ts), against the event table and the rest
// of ours, and against what the unit tests take as its rules (they hold the same facts written
// out, so `npm test` checks them without Claude Code installed).
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { compileMatcher, matchTarget, unionOfMatchers } from "../../src/hooks/matcher";
import { outputSchema } from "../unit/support/claude-code-schemas";
import { MATCHER_CASES, MATCHER_POOL, NAME_POOL } from "../unit/support/matcher-cases";
import { outputCases } from "../unit/support/output-cases";
import { type ClaudeCodeBundle, readClaudeCode } from "./support/bundle";
import { differences } from "./support/check";

let cc: ClaudeCodeBundle;
beforeAll(() => {
  cc = readClaudeCode(inject("claudeBinary"));
});

const event = (name: string, fields: Record<string, unknown>) => ({ session_id: "s", hook_event_name: name, ...fields });

describe("the pinned Claude Code's own code", () => {
  it("has nothing the event table lacks, and agrees with it (what `npm run claude-code -- --check` lists)", () => {
    expect(differences(cc)).toEqual([]);
  });

  it("would list what a newer Claude Code adds: the check has teeth", () => {
    const newer: ClaudeCodeBundle = {
      ...cc,
      events: [...cc.events, "PostSkillShellCommand"],
      inputFields: { ...cc.inputFields, Stop: { ...cc.inputFields.Stop, stop_reason: "optional" } },
      specificOutputFields: { ...cc.specificOutputFields, Stop: [...cc.specificOutputFields.Stop!, "continueWith"] },
      commaLists: [...cc.commaLists, "StopFailure"],
      toolAliases: { ...cc.toolAliases, Shell: "Bash" },
    };
    expect(differences(newer)).toEqual([
      "event PostSkillShellCommand: not in the table",
      "Stop input: stop_reason (optional) not in its row",
      "Stop answer: continueWith: no response makes it, nor does the row's notOffered have it",
      'events whose name lists take "," (commaLists): StopFailure in Claude Code, not in the table',
      "tool alias Shell: Bash in Claude Code, none in TOOL_ALIASES",
    ]);
  });

  it("agrees with every case of the matcher table, and logs the invalid regex as it refuses it", () => {
    for (const { event: name, matcher, fields, expected, why } of MATCHER_CASES) {
      expect(cc.matches(event(name, fields), matcher), `${name} ${matcher}: ${why}`).toBe(expected);
    }
    expect(cc.matchLog).toContain("Invalid regex pattern in hook matcher: (");
  });

  it("reads the union matcher as exactly the union of the handlers' matchers, for any set of them", () => {
    for (const [name, pool] of Object.entries(MATCHER_POOL)) {
      const { field, values } = NAME_POOL[name]!;
      fc.assert(
        fc.property(fc.subarray(pool, { minLength: 1 }), (patterns) => {
          const union = unionOfMatchers(name, patterns);
          for (const value of values) {
            const sent = event(name, { [field]: value });
            const any = patterns.some((pattern) => cc.matches(sent, pattern));
            expect(cc.matches(sent, union), `${name} ${JSON.stringify(patterns)} -> ${union} on ${value}`).toBe(any);
            expect(compileMatcher(name, union)(matchTarget(sent))).toBe(any);
          }
        }),
        { numRuns: 200 },
      );
    }
  });

  it("validates answers as the output schema written out in test/unit/support/claude-code-schemas.ts does", () => {
    const samples: unknown[] = [
      ...outputCases().map((c) => c.output),
      { hookSpecificOutput: { hookEventName: "SessionEnd", additionalContext: "x" } },
      { hookSpecificOutput: { hookEventName: "WorktreeCreate" } },
      { hookSpecificOutput: { hookEventName: "PermissionRequest" } },
      { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow", reason: "x" } } },
      { hookSpecificOutput: { hookEventName: "PreModelSwitch", permissionDecision: "defer" } },
      { hookSpecificOutput: { hookEventName: "PreSkillShellCommand", permissionDecision: "defer" } },
      { hookSpecificOutput: { hookEventName: "PreSkillShellCommand", additionalContext: "x" } },
      { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDisplay: { title: "t", description: "d", displayName: "n" } } },
      { hookSpecificOutput: { hookEventName: "Stop", additionalContext: 1 } },
      { decision: "deny" },
      { decision: "approve", continue: "no" },
      { hookSpecificOutput: { hookEventName: "MessageDisplay", displayContent: "x" }, unknown: true },
    ];
    for (const sample of samples) {
      expect(outputSchema.safeParse(sample).success, JSON.stringify(sample)).toBe(cc.outputSchema.safeParse(sample).success);
    }
  });

  it("refuses what is not an event's input: the check's schemas have teeth", () => {
    expect(cc.inputSchema("PreSkillShellCommand").safeParse(event("PreSkillShellCommand", { tool_name: "Bash" })).success).toBe(false);
    expect(cc.outputSchema.safeParse({ hookSpecificOutput: { hookEventName: "SessionEnd", additionalContext: "x" } }).success).toBe(false);
  });
});
