// The default app's linting (lint.ts): a .py file Claude writes is linted by the real Ruff
// (its wasm in the linter Worker, reached over the LINTER service binding), and its findings
// reach Claude on the next prompt, with line, column, rule and message; teammates share a
// report for the same content and settings.
import { describe, expect, it } from "vitest";
import { call, claudeEvent, newSession, TOKENS } from "../../test/worker/helpers";
import { FINDINGS_SHOWN_PER_FILE, sharedLintKey } from "../lint";
import { RUFF_SETTINGS } from "./lint";

const written = (token: string, session: string, file_path: string, content: string) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: claudeEvent(session, "PostToolUse", {
      tool_name: "Write",
      tool_input: { file_path, content },
      tool_response: { type: "create", filePath: file_path, content, structuredPatch: [], originalFile: null },
      tool_use_id: "toolu_1",
    }),
  });
const prompt = (token: string, session: string) =>
  call("/v1/hooks", { method: "POST", token, body: claudeEvent(session, "UserPromptSubmit", { prompt: "next" }) });
const lintDone = (token: string, session: string, path: string) =>
  call(`/v1/sessions/${session}/tasks/${encodeURIComponent(`lint:${path}`)}/wait?timeout=30`, { token });

describe("the default app's linting", () => {
  it("gives Claude Ruff's findings on a written .py file on the next prompt, once", async () => {
    const session = newSession("lint");
    const path = "/Users/ada/src/shop/cart.py";
    const content = "import os\n\n\ndef total(cart):\n    return sum(cart)\n";
    expect((await written(TOKENS.alice, session, path, content)).status).toBe(200);
    expect((await lintDone(TOKENS.alice, session, path)).body).toMatchObject({ status: "COMPLETED", task: "lint_file" });

    const answer = await prompt(TOKENS.alice, session);
    expect(answer.body.hookSpecificOutput.additionalContext).toMatch(
      new RegExp(
        `^Linter output \\(ruff \\d+\\.\\d+\\.\\d+\\) for ${path}, 1 finding:\n${path}:1:8: F401 \`os\` imported but unused \\[fixable\\]$`,
      ),
    );
    expect(answer.body.systemMessage).toBe("Linter findings in 1 file(s) are in Claude's context");
    // Handed over once.
    expect(JSON.stringify((await prompt(TOKENS.alice, session)).body)).not.toContain("Linter output");
  });

  it("shares a report with a teammate who writes the same content, under their own path", async () => {
    const content = "import sys\n\nprint(undefined_name)\n";
    const alice = newSession("lint-alice");
    const bob = newSession("lint-bob");
    await written(TOKENS.alice, alice, "/home/alice/tool.py", content);
    await lintDone(TOKENS.alice, alice, "/home/alice/tool.py");
    // The team's copy is keyed by what the report depends on, and names no path.
    const key = await sharedLintKey("python", RUFF_SETTINGS, content);
    const shared = await call(`/v1/team/tasks/${encodeURIComponent(key)}`, { token: TOKENS.bob });
    expect(shared.body).toMatchObject({ status: "COMPLETED", addedBy: { member: "alice" } });
    expect(JSON.stringify(shared.body)).not.toContain("/home/alice");

    await written(TOKENS.bob, bob, "/home/bob/tool.py", content);
    await lintDone(TOKENS.bob, bob, "/home/bob/tool.py");
    const context = (await prompt(TOKENS.bob, bob)).body.hookSpecificOutput.additionalContext as string;
    expect(context.split("\n")).toEqual([
      expect.stringMatching(
        /^Linter output \(ruff [\d.]+, reused from alice's run on the same content\) for \/home\/bob\/tool.py, 2 findings:$/,
      ),
      "/home/bob/tool.py:1:8: F401 `sys` imported but unused [fixable]",
      "/home/bob/tool.py:3:7: F821 Undefined name `undefined_name`",
    ]);
  });

  it("caps the findings shown per file, and reports a syntax error as one", async () => {
    const session = newSession("lint-many");
    const many = Array.from({ length: FINDINGS_SHOWN_PER_FILE + 5 }, (_, i) => `import module_${i}\n`).join("");
    await written(TOKENS.alice, session, "/repo/many.py", many);
    await written(TOKENS.alice, session, "/repo/broken.py", "def broken(:\n    pass\n");
    await lintDone(TOKENS.alice, session, "/repo/many.py");
    await lintDone(TOKENS.alice, session, "/repo/broken.py");
    const context = (await prompt(TOKENS.alice, session)).body.hookSpecificOutput.additionalContext as string;
    const [broken, many_] = context.split("\n\n").sort();
    expect(broken).toMatch(
      /^Linter output \(ruff [\d.]+\) for \/repo\/broken.py, 2 findings:\n\/repo\/broken.py:1:12: invalid-syntax .+\n.+$/,
    );
    const lines = many_!.split("\n");
    expect(lines[0]).toMatch(/for \/repo\/many.py, 25 findings:$/);
    expect(lines.slice(1, -1)).toHaveLength(FINDINGS_SHOWN_PER_FILE);
    expect(lines.at(-1)).toBe("(5 more not shown)");
  });

  it("lints the file an Edit leaves, from the original in Claude Code's response", async () => {
    const session = newSession("lint-edit");
    const path = "/repo/edit.py";
    const originalFile = "import os\n\nprint(os.getcwd())\n";
    const edited = await call("/v1/hooks", {
      method: "POST",
      body: claudeEvent(session, "PostToolUse", {
        tool_name: "Edit",
        tool_input: { file_path: path, old_string: "print(os.getcwd())", new_string: "print(missing)" },
        tool_response: {
          filePath: path,
          oldString: "print(os.getcwd())",
          newString: "print(missing)",
          originalFile,
          structuredPatch: [],
          userModified: false,
          replaceAll: false,
        },
        tool_use_id: "toolu_2",
      }),
    });
    expect(edited.status).toBe(200);
    await lintDone(TOKENS.alice, session, path);
    const context = (await prompt(TOKENS.alice, session)).body.hookSpecificOutput.additionalContext as string;
    expect(context.split("\n").slice(1)).toEqual([
      `${path}:1:8: F401 \`os\` imported but unused [fixable]`,
      `${path}:3:7: F821 Undefined name \`missing\``,
    ]);
  });

  it("lints nothing but Python, and a clean file adds nothing to Claude's context", async () => {
    const session = newSession("lint-other");
    await written(TOKENS.alice, session, "/repo/notes.md", "import os\n");
    await written(TOKENS.alice, session, "/repo/clean.py", "def f():\n    return 1\n");
    expect((await call(`/v1/sessions/${session}/tasks/${encodeURIComponent("lint:/repo/notes.md")}`)).status).toBe(404);
    expect((await lintDone(TOKENS.alice, session, "/repo/clean.py")).body.value.diagnostics).toEqual([]);
    expect(JSON.stringify((await prompt(TOKENS.alice, session)).body)).not.toContain("Linter output");
  });
});
