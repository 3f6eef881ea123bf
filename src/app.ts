/**
 * What this deployment serves: the file a team edits. The default is fasthooks' own examples
 * (the "Background Tasks" guide), under their names, so they can be tried at once.
 */
import { task } from "./tasks/task";

/** Quick Start: a slow analysis, started on one hook and picked up on a later one. */
export const analyzeCode = task(
  async function analyzeCode(code: string) {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // stands in for real work
    return `Analysis complete: ${code.length} chars`;
  },
  { name: "analyze_code" },
);

export const simpleTask = task((x: number) => x * 2, { name: "simple_task" });

export const double = task(function double(x: number) {
  return x * 2;
});

export const riskyTask = task(
  function riskyTask(): string {
    throw new Error("Something went wrong");
  },
  { name: "risky_task" },
);

export const longOutputTask = task(() => "fasthooks ".repeat(1000), {
  name: "long_output_task",
  transform: (output) => output.slice(0, 500),
});
