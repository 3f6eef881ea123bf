import { expect, it } from "vitest";
import { call, newSession } from "../../test/worker/helpers";

// The seed's Quick Start, over the REST API: add analyze_code on one request, pick the
// analysis up on a later one, after the queue consumer has run it.
it("adds analyze_code on one request and pops its result on a later one", async () => {
  const session = newSession();
  const code = "print('hello world')";
  const added = await call(`/v1/sessions/${session}/tasks`, {
    method: "POST",
    body: { task: "analyze_code", args: [code] },
  });
  expect(added.status).toBe(202);
  expect(added.body).toMatchObject({ key: "analyze_code", task: "analyze_code", status: "PENDING", attempts: 0 });

  // Right after: not ready yet (the task takes 2 s).
  const early = await call(`/v1/sessions/${session}/tasks/analyze_code/pop`, { method: "POST" });
  expect(early.status).toBe(404);

  const waited = await call(`/v1/sessions/${session}/tasks/analyze_code/wait?timeout=10`);
  expect(waited.status).toBe(200);
  expect(waited.body).toMatchObject({ status: "COMPLETED", attempts: 1 });

  const popped = await call(`/v1/sessions/${session}/tasks/analyze_code/pop`, { method: "POST" });
  expect(popped).toEqual({ status: 200, body: { value: `Analysis complete: ${code.length} chars` } });

  // Popped means gone.
  expect((await call(`/v1/sessions/${session}/tasks/analyze_code`)).status).toBe(404);
});
