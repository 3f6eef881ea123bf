// Linting through the real Claude Code (pinned), as a user meets it: Claude writes a .py file,
// the PostToolUse hook starts the lint (the real Ruff, over the LINTER service binding), and on
// the next prompt Ruff's findings reach the model, with line, column, rule and message.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { pathWithShim, removeCreatedDirs, runCli } from "../client/cli";
import { hookTrouble, newMachine, runClaude } from "./support/claude";
import { MESSAGES_API_KEY, type MessagesApi, startMessagesApi, type Turn } from "./support/messages-api";
import { TOKEN } from "./support/token";

const workerUrl = inject("lintWorkerUrl");
const binary = inject("claudeBinary");

let api: MessagesApi;
let hooksPath: string;

beforeAll(async () => {
  hooksPath = pathWithShim();
  api = await startMessagesApi();
});
afterAll(async () => {
  removeCreatedDirs();
  await api.close();
});

it("gives the model Ruff's findings on the .py file Claude wrote, on the next prompt", async () => {
  const machine = newMachine("lint");
  try {
    const env = { HOME: machine.home, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: TOKEN, CLAUDE_PROJECT_DIR: machine.project };
    const install = await runCli(["install"], { env, cwd: machine.project });
    expect(install, install.stderr).toMatchObject({ code: 0 });
    const claude = (prompt: string, turns: Turn[], resume?: string) => {
      api.script("lint", turns);
      return runClaude({
        binary,
        machine,
        prompt: `[cc:lint] ${prompt}`,
        apiUrl: api.url,
        apiKey: MESSAGES_API_KEY,
        env: { PATH: hooksPath, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: TOKEN },
        ...(resume ? { resume } : {}),
      });
    };

    const file = join(machine.project, "cart.py");
    const content = "import os\n\n\ndef total(cart):\n    return sum(cart)\n";
    const first = await claude("Write cart.py", [
      { toolUse: { name: "Write", input: { file_path: file, content } } },
      { text: "Written." },
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(content);
    expect(first.hooks.filter((hook) => hook.event === "PostToolUse").map((hook) => hook.outcome)).toEqual(["success"]);
    expect(hookTrouble(first)).toEqual([]);
    const session = first.sessionId!;
    const lint = await fetch(`${workerUrl}/v1/sessions/${session}/tasks/${encodeURIComponent(`lint:${file}`)}/wait?timeout=30`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await lint.json()).toMatchObject({ status: "COMPLETED" });

    const second = await claude("Anything to fix?", [{ text: "Remove the unused import." }], session);
    expect(second.code, second.stderr).toBe(0);
    const sent = JSON.stringify(api.requests("lint").at(-1)!.body.messages);
    const findings = `Linter output (ruff 0.16.9) for ${file}, 1 finding:\\n${file}:1:8: F401 \`os\` imported but unused [fixable]`;
    expect(sent).toContain(findings);
    // Given with the new prompt, after it.
    expect(sent.lastIndexOf(findings)).toBeGreaterThan(sent.lastIndexOf("Anything to fix?"));
  } finally {
    machine.dispose();
  }
});
