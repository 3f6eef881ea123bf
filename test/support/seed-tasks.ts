// Two of the seed's example tasks, as the framework's tests know them: the workerd suites'
// test tasks and the Node-side fixture app both register them (the default app has its own, in
// src/app/tasks.ts, which these tests never load).
import { z } from "zod";
import { task } from "../../src/tasks/task";

export const double = task(
  function double(x: number) {
    return x * 2;
  },
  { args: z.tuple([z.number()]) },
);

/** Fails, as the seed's risky_task does. */
export const riskyTask = task(
  function riskyTask(): string {
    throw new Error("Something went wrong");
  },
  { name: "risky_task", args: z.tuple([]) },
);
