// The seed's testing story, in plain Node (no workerd): tasks run at once, in-process.
import { describe, expect, it } from "vitest";
import { ImmediateBackend } from "../../src/tasks/immediate-backend";
import { TaskRegistry } from "../../src/tasks/registry";
import { task } from "../../src/tasks/task";
import { Tasks } from "../../src/tasks/tasks";

const registry = new TaskRegistry();
const double = task(function double(x: number) {
  return x * 2;
}, { registry });
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
    expect(() => task((() => () => 1)(), { registry: own })).toThrow(/needs a named function/);
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
  });
});

describe("put", () => {
  it("stores a value at once, readable and poppable like a result", async () => {
    const tasks = newTasks();
    expect(await tasks.put("note", { seen: true }, { ttl: 60 })).toMatchObject({ status: "COMPLETED", value: { seen: true }, task: "(put)" });
    expect(await tasks.has("note")).toBe(true);
    expect(await tasks.pop("note")).toEqual({ seen: true });
    await expect(tasks.put("", 1)).rejects.toMatchObject({ code: "invalid_key" });
  });
});
