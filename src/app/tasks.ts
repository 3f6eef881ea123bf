/**
 * The default app's tasks: the seed's examples (fasthooks' "Background Tasks" guide), under
 * their names, so they can be tried over the REST API at once. Those no hook starts are run by
 * name only (`@byName`: nothing imports them; defining them registers them).
 */
import { z } from "zod";
import { task } from "../tasks/task";

/** Quick Start: a slow analysis, started on one hook and picked up on a later one. */
export const analyzeCode = task(
  async function analyzeCode(code: string) {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // stands in for real work
    return `Analysis complete: ${code.length} chars`;
  },
  { name: "analyze_code", args: z.tuple([z.string()]) },
);

/** @byName Testing: the seed's simplest task. */
export const double = task(
  function double(x: number) {
    return x * 2;
  },
  { args: z.tuple([z.number()]) },
);

/** @byName Error handling: fails, and `popErrors` reports it. */
export const riskyTask = task(
  function riskyTask(): string {
    throw new Error("Something went wrong");
  },
  { name: "risky_task", args: z.tuple([]) },
);

/** @byName Task definition: a transform keeps the first 500 characters. */
export const longOutputTask = task(() => "fasthooks ".repeat(1000), {
  name: "long_output_task",
  args: z.tuple([]),
  transform: (output) => output.slice(0, 500),
});
