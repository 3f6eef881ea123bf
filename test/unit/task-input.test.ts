// What a handler may hand to tasks: args checked against the task's schema at `add`, keys and
// names that are well-formed Unicode, JSON that nests no deeper than the store can take.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { agentTask } from "../../src/claude/agent-task";
import { ImmediateBackend } from "../../src/store/immediate-backend";
import { cleanLabel, jsonNestingDepth } from "../../src/tasks/input";
import { LIMITS } from "../../src/tasks/limits";
import { TaskRegistry } from "../../src/tasks/registry";
import { task } from "../../src/tasks/task";
import type { TaskContext } from "../../src/tasks/tasks";
import { Tasks } from "../../src/tasks/tasks";

const registry = new TaskRegistry();
let runs = 0;
const double = task(
  function double(x: number) {
    runs++;
    return x * 2;
  },
  { registry, args: z.tuple([z.number()]) },
);
const noSchema = task(
  function joinTwo(a: string, b: string, separator: string = "-") {
    return [a, b].join(separator);
  },
  { registry },
);
const review = agentTask({ model: "haiku", registry, name: "review" }, (agent, code: string) => agent.query(code));
const deepResult = task(
  function deepResult() {
    let value: unknown = [];
    for (let i = 0; i < 100; i++) value = [value];
    return value;
  },
  { registry },
);

const tasks = () => new Tasks(new ImmediateBackend({ registry }), { sessionId: "input" });
const nested = (depth: number): unknown => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
const halfAnEmoji = "review:😀".slice(0, -1);

describe("args", () => {
  it("are checked against the task's schema at add: nothing is stored or run for a wrong call", async () => {
    const t = tasks();
    runs = 0;
    // @ts-expect-error the seed's double("abc"): a type error here, a TaskInputError at run time
    await expect(t.add(double, ["abc"])).rejects.toMatchObject({
      name: "TaskInputError",
      code: "invalid_args",
      message: "double: args.0: Invalid input: expected number, received string",
    });
    // @ts-expect-error no args for a task that needs one
    await expect(t.add(double)).rejects.toMatchObject({ code: "invalid_args" });
    expect(await t.get(double)).toBeNull();
    expect(runs).toBe(0);
    expect((await t.add(double, [21])).result).toMatchObject({ status: "COMPLETED", value: 42 });
  });

  it("without a schema, are checked for as many as the function needs", async () => {
    const t = tasks();
    await expect(t.add(noSchema, ["a"] as unknown as [string, string])).rejects.toMatchObject({
      code: "invalid_args",
      message: 'joinTwo: args: task "joinTwo" needs 2 arguments',
    });
    // A parameter with a default is not needed.
    expect((await t.add(noSchema, ["a", "b"])).result).toMatchObject({ value: "a-b" });
  });

  it("of a Claude agent task count after its agent", async () => {
    await expect(tasks().add(review, [] as unknown as [string])).rejects.toMatchObject({
      code: "invalid_args",
      message: 'review: args: task "review" needs 1 argument',
    });
  });

  it("are checked again when the task runs (a row may predate a change of schema)", async () => {
    const context = {} as TaskContext;
    await expect(double.run(context, "abc" as unknown as number)).rejects.toMatchObject({ code: "invalid_args" });
    await expect(double.run(context, 4)).resolves.toBe(8);
  });

  it("nested 60,000 deep are refused cleanly, before any recursion", async () => {
    const t = tasks();
    await expect(t.add(double, [nested(60_000)] as unknown as [number])).rejects.toMatchObject({ code: "args_too_deep" });
    await expect(t.add(double, [nested(65)] as unknown as [number])).rejects.toMatchObject({ code: "args_too_deep" });
    await expect(t.put("deep", nested(60_000))).rejects.toMatchObject({ code: "value_too_deep" });
    const { result } = await t.add(deepResult);
    expect(result).toMatchObject({ status: "FAILED", error: { name: "TaskResultError" } });
    expect(result.error!.message).toMatch(/result_too_deep/);
  });

  it("have their depth counted on the JSON text, strings and escapes included", () => {
    expect(jsonNestingDepth("1")).toBe(0);
    expect(jsonNestingDepth('[{"a":[1]},[]]')).toBe(3);
    expect(jsonNestingDepth('["[[[", "\\"[[", {"k]": "}"}]')).toBe(2);
  });

  it("must be typed as the schema says, at compile time too", () => {
    // @ts-expect-error the schema's tuple does not match the function's parameters
    const mismatched = task((x: number) => x, { registry: new TaskRegistry(), name: "mismatched", args: z.tuple([z.string()]) });
    expect(mismatched.name).toBe("mismatched");
  });
});

describe("keys and names", () => {
  it("refuse a lone surrogate (half an emoji) everywhere a key is taken", async () => {
    const t = tasks();
    await expect(t.add(double, [1], { key: halfAnEmoji })).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.getOrAdd(double, [1], { key: halfAnEmoji })).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.put(halfAnEmoji, 1)).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.get(halfAnEmoji)).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.pop(halfAnEmoji)).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.cancel(halfAnEmoji)).rejects.toMatchObject({ code: "invalid_key" });
    // The whole emoji is fine.
    expect((await t.add(double, [1], { key: "review:😀" })).result.key).toBe("review:😀");
  });

  it('refuse "." and "..", which no URL can name', async () => {
    const t = tasks();
    await expect(t.add(double, [1], { key: "." })).rejects.toMatchObject({ code: "invalid_key" });
    await expect(t.put("..", 1)).rejects.toMatchObject({ code: "invalid_key" });
    expect((await t.add(double, [1], { key: "..." })).added).toBe(true);
  });

  it("refuse a task name that is not well-formed", () => {
    const own = new TaskRegistry();
    expect(() => task(() => 1, { registry: own, name: "cut\ud83d" })).toThrow(/well-formed Unicode/);
    expect(() => task(() => 1, { registry: own, name: "bell\u0007" })).toThrow(/control characters/);
  });
});

describe("labels", () => {
  it("are cleaned, never refused: control and reordering characters become spaces, a lone surrogate U+FFFD", () => {
    expect(cleanLabel("Python,\u0007 3 lines:\n\u202edef area(r):\u0000")).toBe("Python, 3 lines: def area(r):");
    expect(cleanLabel("\u2066evil\u2069 \ud800 half")).toBe("evil \ufffd half");
    // Joiners are part of emoji and of scripts: kept.
    expect(cleanLabel("family 👨‍👩‍👧")).toBe("family 👨‍👩‍👧");
    expect(cleanLabel(" \t\u0001 ")).toBeUndefined();
    expect(cleanLabel(undefined)).toBeUndefined();
  });

  it("are cut to 120 code points, never between the halves of one", () => {
    const cut = cleanLabel("😀".repeat(200))!;
    expect([...cut]).toHaveLength(LIMITS.labelMaxChars);
    expect(cut.endsWith("😀…")).toBe(true);
    expect(cleanLabel("x".repeat(120))).toBe("x".repeat(120));
  });

  it("reach the result as cleaned, in the immediate backend as in the store", async () => {
    const tasks = new Tasks(new ImmediateBackend({ registry }), { sessionId: "labels" });
    const { result } = await tasks.add(double, [2], { label: "two,\u001b doubled" });
    expect(result).toMatchObject({ value: 4, label: "two, doubled" });
    expect((await tasks.add(double, [2], { key: "plain" })).result).not.toHaveProperty("label");
  });
});
