// The Worker as it is deployed, plus tasks slow enough to be caught RUNNING by a crash: the
// entry `wrangler dev` runs in test/client/restart.test.ts.
import { task } from "../../../src/tasks/task";

export { default, SessionStore, TeamIndex } from "../../../src/index";

/** Sleeps on its first attempt (to be killed in its sleep), answers at once on a retry. */
task(
  async function test_slow_once(ms: number) {
    if (this.attempt === 1) await new Promise((resolve) => setTimeout(resolve, ms));
    return `attempt ${this.attempt}`;
  },
  { retries: 1, timeout: 120 },
);
