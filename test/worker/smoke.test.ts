import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("health answers", async () => {
  const res = await SELF.fetch("http://w/v1/health");
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok" });
});
