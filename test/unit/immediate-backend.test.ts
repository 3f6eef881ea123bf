// The seed's testing story, in plain Node (no workerd): tasks run at once, in-process.
import { describe, expect, it } from "vitest";
import { ImmediateBackend } from "../../src/store/immediate-backend";
import { TaskRegistry } from "../../src/tasks/registry";
import { task } from "../../src/tasks/task";
import { Tasks } from "../../src/tasks/tasks";

const registry = new TaskRegistry();
const double = task(
  function double(x: number) {
    return x * 2;
  },
  { registry },
);
const riskyTask = task(
  function riskyTask(): string {
    throw new Error("Something went wrong");
  },
  { registry, name: "risky_task" },
);
const longOutput = task(() => "x".repeat(1000), { registry, name: "long_output", transform: (s) => s.slice(0, 500) });
let calls = 0;
const flaky = task(
  function flaky() {
    calls++;
    if (calls < 3) throw new Error(`call ${calls}`);
    return calls;
  },
  { registry, retries: 2 },
);

function newTasks(now?: () => number) {
  return new Tasks(new ImmediateBackend({ registry, now }), { sessionId: "test" });
}

describe("ImmediateBackend", () => {
  it("runs the seed's example: add double(5), pop 10", async () => {
    const tasks = newTasks();
    await tasks.add(double, [5]);
    expect(await tasks.pop(double)).toBe(10);
    expect(await tasks.pop(double)).toBeNull();
  });

  it("applies transform, keeps errors for popErrors, and honours keys", async () => {
    const tasks = newTasks();
    await tasks.add(longOutput);
    await tasks.add(riskyTask);
    await tasks.add(double, [1], { key: "one" });
    await tasks.add(double, [2], { key: "two" });
    expect(((await tasks.pop(longOutput)) as string).length).toBe(500);
    expect(await tasks.has("one")).toBe(true);
    expect(await tasks.popAll()).toEqual({ one: 2, two: 4 });
    expect(await tasks.popErrors()).toEqual([["risky_task", { name: "Error", message: "Something went wrong" }]]);
    expect(await tasks.has()).toBe(false);
  });

  it("retries as the task says", async () => {
    const result = (await newTasks().add(flaky)).result;
    expect(result).toMatchObject({ status: "COMPLETED", value: 3, attempts: 3 });
  });

  it("expires results by their ttl", async () => {
    let now = 1_000_000;
    const tasks = newTasks(() => now);
    await tasks.add(double, [3], { ttl: 10 });
    now += 9_999;
    expect(await tasks.get(double)).toMatchObject({ value: 6 });
    now += 1;
    expect(await tasks.get(double)).toBeNull();
  });

  it("refuses a task that is not in its registry, and bad keys", async () => {
    const stray = task(function stray() {}, { registry: new TaskRegistry() });
    const tasks = newTasks();
    await expect(tasks.add(stray)).rejects.toMatchObject({ name: "TaskInputError", code: "unknown_task" });
    await expect(tasks.add(double, [1], { key: "" })).rejects.toMatchObject({ code: "invalid_key" });
    await expect(tasks.add(double, [1], { ttl: 0 })).rejects.toMatchObject({ code: "invalid_ttl" });
  });

  it("keeps sessions apart", async () => {
    const backend = new ImmediateBackend({ registry });
    await new Tasks(backend, { sessionId: "a" }).add(double, [1]);
    expect(await new Tasks(backend, { sessionId: "b" }).pop(double)).toBeNull();
    expect(await new Tasks(backend, { sessionId: "a" }).pop(double)).toBe(2);
  });
});

describe("task()", () => {
  it("names a task after its function, or its name option, and refuses a second task of that name", () => {
    const own = new TaskRegistry();
    expect(task(function named() {}, { registry: own }).name).toBe("named");
    expect(task(() => 1, { registry: own, name: "explicit" }).name).toBe("explicit");
    expect(() => task(function named() {}, { registry: own })).toThrow(/already registered/);
    expect(() =>
      task(
        (
          () => () =>
            1
        )(),
        { registry: own },
      ),
    ).toThrow(/needs a named function/);
    expect(() => task(function bad() {}, { registry: own, ttl: -1 })).toThrow(/ttl/);
  });
});

describe("getOrAdd", () => {
  it("computes once and reuses the completed result", async () => {
    let runs = 0;
    const own = new TaskRegistry();
    const counted = task(
      function counted(x: number) {
        runs++;
        return x + runs;
      },
      { registry: own },
    );
    const tasks = new Tasks(new ImmediateBackend({ registry: own }), { sessionId: "t", origin: { member: "ada" } });
    const first = await tasks.getOrAdd(counted, [10], { key: "k" });
    const second = await tasks.getOrAdd(counted, [10], { key: "k" });
    expect(first).toMatchObject({ added: true, result: { value: 11, addedBy: { member: "ada" } } });
    expect(second).toMatchObject({ added: false, result: { value: 11 } });
    expect(runs).toBe(1);
    // Another task's result (or a value put) under the key is never reused as this task's.
    await tasks.put("planted", "LGTM");
    expect(await tasks.getOrAdd(counted, [10], { key: "planted" })).toMatchObject({ added: true, result: { task: "counted", value: 12 } });
  });
});

describe("list and keys, as the store pages them", () => {
  it("pages oldest first, re-added keys last, with or without values; keys by prefix and status", async () => {
    const tasks = newTasks();
    for (const key of ["a", "b", "c", "d"]) await tasks.add(double, [1], { key });
    await tasks.add(riskyTask, [], { key: "pending_review:x" });
    await tasks.add(double, [5], { key: "a" });
    const first = await tasks.list({ limit: 2 });
    expect(first.tasks.map((t) => t.key)).toEqual(["b", "c"]);
    const rest = await tasks.list({ after: first.next!, values: false });
    expect(rest.tasks.map((t) => [t.key, t.value])).toEqual([
      ["d", undefined],
      ["pending_review:x", undefined],
      ["a", undefined],
    ]);
    expect(rest.next).toBeNull();
    expect(await tasks.keys({ prefix: "pending_review:" })).toEqual([{ key: "pending_review:x", task: "risky_task", status: "FAILED" }]);
    expect((await tasks.keys({ status: "COMPLETED", limit: 2 })).map((e) => e.key)).toEqual(["a", "b"]);
    await expect(tasks.list({ limit: 0 })).rejects.toMatchObject({ code: "invalid_limit" });
    await expect(tasks.list({ after: "x" })).rejects.toMatchObject({ code: "invalid_cursor" });
    await expect(tasks.keys({ status: "DONE" as never })).rejects.toMatchObject({ code: "invalid_status" });
  });
});

describe("put", () => {
  it("stores a value at once, readable and poppable like a result", async () => {
    const tasks = newTasks();
    expect(await tasks.put("note", { seen: true }, { ttl: 60 })).toMatchObject({
      status: "COMPLETED",
      value: { seen: true },
      task: "(put)",
    });
    expect(await tasks.has("note")).toBe(true);
    expect(await tasks.pop("note")).toEqual({ seen: true });
    await expect(tasks.put("", 1)).rejects.toMatchObject({ code: "invalid_key" });
  });
});
