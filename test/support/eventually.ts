// Polling for what settles in the background, shared by the workerd and the Node-side suites.
import { expect } from "vitest";

/**
 * What `read` returns once `done` accepts it, for what settles in the background: expect.poll,
 * so a value that never comes fails at the poll's timeout (vitest.config.ts), saying so.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  await expect
    .poll(async () => {
      last = await read();
      return done(last);
    })
    .toBe(true);
  return last as T;
}
