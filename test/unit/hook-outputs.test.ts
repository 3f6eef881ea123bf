// Every answer on every event, against Claude Code's output schema (written out in
// support/claude-code-schemas.ts; test/claude-code/oracle.test.ts checks the bundle's own), the
// answers each event takes in the types and at run time, and MockEvent's events.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ANSWERS,
  approvePermission,
  ask,
  EVENT_TABLE,
  HOOK_EVENTS,
  HookApp,
  HookResponseError,
  type KnownHookEvent,
  problemWith,
  type ResponsesByEvent,
} from "../../src/hooks";
import { MockEvent, TestClient } from "../../src/testing";
import { outputSchema, outputSchemaNoDrops } from "./support/claude-code-schemas";
import { MOCK_BUILDERS } from "./support/mock-builders";
import { EVENT_NAMES, outputCases, SAMPLE_RESPONSES } from "./support/output-cases";

afterEach(() => {
  vi.restoreAllMocks();
});
describe("every output passes Claude Code's schema for its event", () => {
  const cases = outputCases();

  it("covers each event and each kind of answer", () => {
    expect(new Set(cases.map((c) => c.event))).toEqual(new Set(EVENT_NAMES));
    expect(new Set(cases.flatMap((c) => c.responses.map((response) => response.kind)))).toEqual(
      new Set(SAMPLE_RESPONSES.map(([, response]) => response.kind)),
    );
  });

  it.each(cases.map((c) => [c.event, c.what, c] as const))("%s: %s", (event, _what, { output }) => {
    const parsed = outputSchemaNoDrops.safeParse(output);
    expect(parsed.error?.issues ?? [], JSON.stringify(output)).toEqual([]);
    // A wrong hookEventName makes Claude Code reject the whole answer.
    if (output.hookSpecificOutput) expect(output.hookSpecificOutput.hookEventName).toBe(event);
  });

  it("an event Claude Code adds later gets no hookSpecificOutput: it could not name it", () => {
    for (const c of cases.filter((c) => c.event === "SomeFutureEvent")) expect(c.output.hookSpecificOutput).toBeUndefined();
  });

  it("the schema refuses what Claude Code refuses", () => {
    expect(outputSchema.safeParse({ hookSpecificOutput: { hookEventName: "SessionEnd", additionalContext: "x" } }).success).toBe(false);
    expect(outputSchema.safeParse({ hookSpecificOutput: { hookEventName: "WorktreeCreate" } }).success).toBe(false);
    expect(outputSchema.safeParse({ hookSpecificOutput: { hookEventName: "PermissionRequest" } }).success).toBe(false);
    expect(outputSchema.safeParse({ decision: "deny" }).success).toBe(false);
    // Claude Code drops a PermissionRequest allow's reason without a word: ours would be a bug.
    const withReason = { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow", reason: "x" } } };
    expect(outputSchema.safeParse(withReason).success).toBe(true);
    expect(outputSchemaNoDrops.safeParse(withReason).success).toBe(false);
  });
});

describe("the answers each event takes", () => {
  type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
  // The types, from the table's rows: an event whose ResponsesByEvent kinds differ from its row's fails to compile.
  type Drifted = {
    [E in KnownHookEvent]: Same<ResponsesByEvent[E]["kind"], "allow" | "stop" | (typeof EVENT_TABLE)[E]["answers"][number]> extends true
      ? never
      : E;
  }[KnownHookEvent];
  const inStep: [Drifted] extends [never] ? true : Drifted = true;

  it("are the same in the types and at run time, for every event of the table", () => {
    expect(inStep).toBe(true);
    for (const event of HOOK_EVENTS) expect(ANSWERS[event], event).toEqual(["allow", "stop", ...EVENT_TABLE[event].answers]);
    // A Stop handler cannot ask, in the types either.
    // @ts-expect-error: ask() is not a Stop answer
    new HookApp().onStop(() => ask("sure?"));
  });

  it("throws in strict mode on an answer the event cannot take, and drops it otherwise", async () => {
    for (const event of EVENT_NAMES.filter((event) => event !== "WorktreeCreate")) {
      for (const [what, response] of SAMPLE_RESPONSES) {
        if (problemWith(response, event) === undefined || response.kind === "worktreePath") continue;
        const app = new HookApp().on(event, () => response as never);
        await expect(new TestClient(app).send(MockEvent.of(event)), `${what} on ${event}`).rejects.toThrow(HookResponseError);
        // Deployed, it is dropped with a warning naming the answer, the event and the handler.
        const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
        expect(outputSchemaNoDrops.safeParse(await new TestClient(app, { strict: false }).send(MockEvent.of(event))).success).toBe(true);
        expect(warnings, `${what} on ${event}`).toHaveBeenCalledExactlyOnceWith(
          `fasthooks: ${problemWith(response, event)} (from the ${event} handler "${event} handler"); ignored`,
        );
        warnings.mockRestore();
      }
    }
  });

  it("refuses approvePermission({ reason }) on PermissionRequest: Claude Code has no field for it", async () => {
    // @ts-expect-error: the types refuse it too
    const app = new HookApp().onPermissionRequest(() => approvePermission({ reason: "read-only" }));
    await expect(new TestClient(app).send(MockEvent.permissionRequest("Bash", { command: "ls" }))).rejects.toThrow(
      /approvePermission\(\{ reason \}\) on PermissionRequest: Claude Code's PermissionRequest allow has no reason field/,
    );
    // Deployed, the approval is dropped with a warning: Claude Code asks the user, as with no hook.
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await new TestClient(app, { strict: false }).send(MockEvent.permissionRequest("Bash", { command: "ls" }))).toEqual({});
    expect(warnings).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(/^fasthooks: approvePermission\(\{ reason \}\) on PermissionRequest: .*; ignored$/),
    );
  });
});

describe("MockEvent", () => {
  it.each(HOOK_EVENTS.map((event) => [event]))("builds %s with every field its row says Claude Code always sends", (event) => {
    const built = MOCK_BUILDERS[event]!();
    expect(built.hook_event_name).toBe(event);
    const required = EVENT_TABLE[event].input.filter((field) => !field.endsWith("?"));
    for (const field of ["session_id", "transcript_path", "cwd", ...required]) {
      expect(built, field).toHaveProperty(field);
    }
  });

  it("has a builder for each event of the table", () => {
    expect(Object.keys(MOCK_BUILDERS).sort()).toEqual([...HOOK_EVENTS].sort());
  });
});
