// The one log line a green run expects from the Worker without a test asserting it each time:
// the runner's report of a task that failed for good (src/queue/runner.ts, asserted in
// test/worker/queue-consumer.test.ts). Tests fail tasks on purpose (risky_task, flaky tasks,
// timeouts), and the line comes from the queue, often after the test that caused it is over.
import { stripVTControlCharacters } from "node:util";

const TASK_FAILED_LINE = /^(✘ \[ERROR\] )?fasthooks: task \S+ failed, key /;

/** Whether a log (wrangler's colours and prefix allowed) is that line. */
export function isTaskFailedLine(log: string): boolean {
  return TASK_FAILED_LINE.test(stripVTControlCharacters(log).trim());
}

/**
 * Leaves that line out of this process's console.error, for a Worker started outside any test
 * (a global setup, in vitest's own process, whose console vitest does not filter). Every other
 * log passes. Returns the undo.
 */
export function dropTaskFailedLines(): () => void {
  const error = console.error;
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && isTaskFailedLine(args[0])) return;
    error.apply(console, args);
  };
  return () => {
    console.error = error;
  };
}
