// The lint pieces (src/lint/) in plain Node, through TestClient with tasks run at once: what
// starts a lint and what does not, the team's store as the cache, and what Claude is shown.
// The linter here is a double that counts its calls; the real Ruff is tested in workerd
// (src/app/lint.test.ts) and through the real Claude Code (test/claude-code/lint.test.ts).
import { describe, expect, it } from "vitest";
import { HookApp } from "../../src/hooks";
import { MockEvent, TestClient } from "../../src/testing";
import { ImmediateBackend } from "../../src/store/immediate-backend";
import { TEAM_SCOPE } from "../../src/tasks/tasks";
import { type LintReport, type LintRequest, lintTask, lintWrites, sharedLintKey } from "../../src/lint";
import { editedContent } from "../../src/lint/edited-content";

const REPORT: LintReport = {
  linter: "ruff 0.0.0",
  diagnostics: [{ line: 1, column: 8, endLine: 1, endColumn: 10, code: "F401", message: "`os` imported but unused", fixable: true }],
};

function linterDouble() {
  const requests: LintRequest[] = [];
  const lint = async (request: LintRequest) => {
    requests.push(request);
    return REPORT;
  };
  return { requests, LINTER: { lint } };
}

const write = (file_path: string, content: string, session_id = "s1") =>
  MockEvent.postToolUse("Write", { file_path, content }, { type: "create", filePath: file_path, content }, { session_id });
const prompt = (session_id = "s1") => MockEvent.userPromptSubmit("next", { session_id });

function setup(env: object, options: { ruff?: Record<string, unknown>; name?: string } = {}) {
  const app = new HookApp().include(lintWrites(lintTask({ name: options.name ?? "lint_unit", ruff: options.ruff })));
  const backend = new ImmediateBackend({ env: env as Env });
  return {
    alice: new TestClient(app, { backend, env: env as Env, member: { team: "t", member: "alice", admin: false } }),
    bob: new TestClient(app, { backend, env: env as Env, member: { team: "t", member: "bob", admin: false } }),
  };
}

describe("lintWrites", () => {
  it("starts nothing without a LINTER binding: no task, nothing on the next prompt", async () => {
    const { alice } = setup({}, { name: "lint_unbound" });
    await alice.send(write("/r/a.py", "import os\n"));
    expect(await alice.tasks().keys()).toEqual([]);
    expect(await alice.send(prompt())).toEqual({});
  });

  it("lints Python only, and hands Claude each report once", async () => {
    const linter = linterDouble();
    const { alice } = setup(linter, { name: "lint_once" });
    await alice.send(write("/r/notes.txt", "import os\n"));
    await alice.send(write("/r/a.py", "import os\n"));
    expect(linter.requests).toEqual([{ language: "python", content: "import os\n", config: {} }]);
    const answer = await alice.send(prompt());
    expect(answer.hookSpecificOutput).toEqual({
      hookEventName: "UserPromptSubmit",
      additionalContext: "Linter output (ruff 0.0.0) for /r/a.py, 1 finding:\n/r/a.py:1:8: F401 `os` imported but unused [fixable]",
    });
    expect(await alice.send(prompt())).toEqual({});
  });

  it("shares a report in the team's store: a teammate's same content and settings is not linted again", async () => {
    const linter = linterDouble();
    const { alice, bob } = setup(linter, { name: "lint_shared", ruff: { "line-length": 100 } });
    await alice.send(write("/home/alice/a.py", "import os\n", "sa"));
    await bob.send(write("/home/bob/b.py", "import os\n", "sb"));
    expect(linter.requests).toHaveLength(1);
    const context = (await bob.send(prompt("sb"))).hookSpecificOutput as { additionalContext: string };
    expect(context.additionalContext).toMatch(
      /^Linter output \(ruff 0\.0\.0, reused from alice's run on the same content\) for \/home\/bob\/b.py/,
    );
    // Another content, or other settings, is another key.
    const key = await sharedLintKey("python", { "line-length": 100 }, "import os\n");
    expect(key).toMatch(/^lint:python:[0-9a-f]{64}$/);
    expect(await sharedLintKey("python", { "line-length": 88 }, "import os\n")).not.toBe(key);
    expect(await sharedLintKey("python", { "line-length": 100 }, "import sys\n")).not.toBe(key);
  });

  it("does not trust a value someone else put under the team's key: it lints again", async () => {
    const linter = linterDouble();
    const { alice } = setup(linter, { name: "lint_planted" });
    await alice.tasks(TEAM_SCOPE).put(await sharedLintKey("python", {}, "x = 1\n"), { planted: true });
    await alice.send(write("/r/x.py", "x = 1\n"));
    expect(linter.requests).toHaveLength(1);
  });
});

describe("an Edit", () => {
  const response = (originalFile: string | null, oldString: string, newString: string, replaceAll = false) => ({
    filePath: "/r/a.py",
    oldString,
    newString,
    originalFile,
    structuredPatch: [],
    userModified: false,
    replaceAll,
  });

  it("is linted as the file it leaves: the original with the string replaced", async () => {
    const linter = linterDouble();
    const { alice } = setup(linter, { name: "lint_edit" });
    const edit = response("import os\nx = 1\n", "x = 1", "y = 2");
    await alice.send(MockEvent.postToolUse("Edit", { file_path: "/r/a.py", old_string: "x = 1", new_string: "y = 2" }, edit));
    expect(linter.requests.map((request) => request.content)).toEqual(["import os\ny = 2\n"]);
  });

  it("reads the file after it from the response, or gives up where that is not certain", () => {
    expect(editedContent(response("a a a", "a", "b"))).toBe("b a a");
    expect(editedContent(response("a a a", "a", "b", true))).toBe("b b b");
    expect(editedContent(response("price = 1", "1", "$& + $1"))).toBe("price = $& + $1");
    expect(editedContent(response(null, "a", "b"))).toBeUndefined();
    expect(editedContent(response("abc", "x", "y"))).toBeUndefined();
    expect(editedContent(response("abc", "", "y"))).toBeUndefined();
    expect(editedContent("not an object")).toBeUndefined();
  });
});
