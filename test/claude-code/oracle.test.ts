// Claude Code 2.1.328's own code as the oracle: its matcher functions and hook schemas, read
// out of its installed binary at test time (support/claude-code-bundle.ts), against ours and
// against what the unit tests take as its rules (they hold the same facts as written out from
// the bundle, so `npm test` checks them without Claude Code installed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOOK_EVENTS } from "../../src/hooks";
import { compileMatcher, LISTS_WITH_COMMAS, matchTarget, TOOL_ALIASES, unionOfMatchers } from "../../src/hooks/matcher";
import {
  CLAUDE_CODE_VERSION,
  claudeCodeInputSchema,
  claudeCodeMatches,
  claudeCodeMatching,
  claudeCodeOutputSchema,
} from "./support/bundle";
import { outputSchema } from "../unit/support/claude-code-schemas";
import { MATCHER_CASES, MATCHER_POOL, NAME_POOL } from "../unit/support/matcher-cases";
import { MOCK_BUILDERS } from "../unit/support/mock-builders";
import { outputCases } from "../unit/support/output-cases";

describe(`Claude Code ${CLAUDE_CODE_VERSION}'s own code`, () => {
  const event = (name: string, fields: Record<string, unknown>) => ({ session_id: "s", hook_event_name: name, ...fields });

  describe("matching", () => {
    it("agrees with every case of the matcher table", () => {
      const cc = claudeCodeMatching();
      for (const { event: name, matcher, fields, expected, why } of MATCHER_CASES) {
        expect(claudeCodeMatches(cc, event(name, fields), matcher), `${name} ${matcher}: ${why}`).toBe(expected);
      }
    });

    it("has the aliases and the events with , lists that ours has", () => {
      const cc = claudeCodeMatching();
      expect(cc.Wgo).toEqual(TOOL_ALIASES);
      expect(cc.U6).toEqual(LISTS_WITH_COMMAS);
    });

    it("takes the field ours takes, for the 33 events", () => {
      const cc = claudeCodeMatching();
      for (const name of HOOK_EVENTS) {
        const built = MOCK_BUILDERS[name]!() as { hook_event_name: string; session_id: string };
        expect(matchTarget(built), name).toBe(cc.wbn(built));
      }
    });

    it("runs a handler exactly when it would run that handler's hook, for every pattern and name", () => {
      const cc = claudeCodeMatching();
      for (const [name, patterns] of Object.entries(MATCHER_POOL)) {
        const { field, values } = NAME_POOL[name]!;
        for (const pattern of patterns) {
          for (const value of values) {
            const sent = event(name, { [field]: value });
            expect(compileMatcher(name, pattern)(matchTarget(sent)), `${name} ${pattern} on ${value}`).toBe(
              claudeCodeMatches(cc, sent, pattern),
            );
          }
        }
      }
    });

    it("reads the union matcher as exactly the union of the handlers' matchers", () => {
      const cc = claudeCodeMatching();
      for (const [name, pool] of Object.entries(MATCHER_POOL)) {
        const { field, values } = NAME_POOL[name]!;
        fc.assert(
          fc.property(fc.subarray(pool, { minLength: 1 }), (patterns) => {
            const union = unionOfMatchers(name, patterns);
            for (const value of values) {
              const sent = event(name, { [field]: value });
              const any = patterns.some((pattern) => claudeCodeMatches(cc, sent, pattern));
              expect(claudeCodeMatches(cc, sent, union), `${name} ${JSON.stringify(patterns)} -> ${union} on ${value}`).toBe(any);
            }
          }),
          { numRuns: 200 },
        );
      }
    });
  });

  describe("schemas", () => {
    it("accepts every output we build, for every event and answer", () => {
      const schema = claudeCodeOutputSchema();
      for (const { event: name, what, output } of outputCases()) {
        const parsed = schema.safeParse(output);
        expect(parsed.error?.issues ?? [], `${name}: ${what}`).toEqual([]);
        // Nothing of ours is dropped on the way in.
        expect(parsed.data, `${name}: ${what}`).toEqual(output);
      }
    });

    it("is the output schema written out in support/claude-code-schemas.ts", () => {
      const schema = claudeCodeOutputSchema();
      const samples: unknown[] = [
        ...outputCases().map((c) => c.output),
        { hookSpecificOutput: { hookEventName: "SessionEnd", additionalContext: "x" } },
        { hookSpecificOutput: { hookEventName: "WorktreeCreate" } },
        { hookSpecificOutput: { hookEventName: "PermissionRequest" } },
        { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow", reason: "x" } } },
        { hookSpecificOutput: { hookEventName: "PreModelSwitch", permissionDecision: "defer" } },
        { hookSpecificOutput: { hookEventName: "Stop", additionalContext: 1 } },
        { decision: "deny" },
        { decision: "approve", continue: "no" },
        { hookSpecificOutput: { hookEventName: "MessageDisplay", displayContent: "x" }, unknown: true },
      ];
      for (const sample of samples) {
        expect(outputSchema.safeParse(sample).success, JSON.stringify(sample)).toBe(schema.safeParse(sample).success);
      }
    });

    it("has the 33 events we know, and MockEvent builds each as it would send it", () => {
      const { schema, events } = claudeCodeInputSchema();
      expect(events).toEqual([...HOOK_EVENTS]);
      for (const name of HOOK_EVENTS) {
        const built = MOCK_BUILDERS[name]!();
        const parsed = schema.safeParse(built);
        expect(parsed.error?.issues ?? [], name).toEqual([]);
      }
    });
  });
});
