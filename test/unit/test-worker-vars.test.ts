// What `npm start` writes in .dev.vars, and what a developer keeps in .env, never reaches a
// test's Worker: the vars it gets are wrangler.toml's and the test's own. Shown on a project
// of its own whose .dev.vars and .env say everything a test must not see.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_getVarsForDev } from "wrangler";
import { afterEach, beforeEach, expect, it } from "vitest";
import { NO_ENV_FILES, workerOptionsFromWranglerToml } from "../support/wrangler-worker";

const HOSTILE = [
  "FASTHOOKS_LOCAL=1",
  "FASTHOOKS_STRICT=1",
  'FASTHOOKS_TOKENS={"fasthooks-dev-token":{"team":"local","member":"dev"}}',
  "ANTHROPIC_API_KEY=sk-ant-a-members-real-key",
  "FASTHOOKS_TASK_QUEUE=not-the-task-queue",
].join("\n");

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "fasthooks-vars-"));
  writeFileSync(join(project, "src.ts"), "export default {};\n");
  writeFileSync(
    join(project, "wrangler.toml"),
    ['name = "vars"', 'main = "src.ts"', 'compatibility_date = "2026-11-01"', "[vars]", 'FASTHOOKS_TASK_QUEUE = "tasks"'].join("\n"),
  );
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

const TOML_VARS_ONLY = { FASTHOOKS_TASK_QUEUE: "tasks" };

it.each([".dev.vars", ".env"])("gives the Worker under test none of %s", (file) => {
  writeFileSync(join(project, file), HOSTILE);
  const config = join(project, "wrangler.toml");
  // What wrangler does unasked: the file's vars win over wrangler.toml's (why this test exists).
  const unasked = unstable_getVarsForDev(config, undefined, TOML_VARS_ONLY, undefined, true);
  expect(unasked).toMatchObject({ FASTHOOKS_STRICT: { value: "1" }, FASTHOOKS_TASK_QUEUE: { value: "not-the-task-queue" } });

  // The workerd projects (vitest.config.ts) and the Node-side local Worker (unstable_startWorker).
  expect(workerOptionsFromWranglerToml(config).vars).toEqual(TOML_VARS_ONLY);
  expect(unstable_getVarsForDev(config, NO_ENV_FILES, TOML_VARS_ONLY, undefined, true)).toEqual({
    FASTHOOKS_TASK_QUEUE: { type: "plain_text", value: "tasks" },
  });
});
