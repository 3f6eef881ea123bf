/**
 * Lint what Claude writes, and show the findings on the next prompt: a blueprint an app
 * includes with its lint task. On PostToolUse of a Write or an Edit (the file is on disk) it
 * starts the task in the session, keyed by the file's path; on UserPromptSubmit it hands Claude the finished reports.
 * Neither makes a call to the team's store: the task does that, off the hook's path.
 */
import { allow, Blueprint, context, type ResponseFor, unlessTooLarge } from "../hooks";
import { TaskStatus } from "../tasks/result";
import { linterOf } from "./binding";
import { editedContent } from "./edited-content";
import { formatLintReport } from "./format";
import type { LintResult, LintTask } from "./lint-task";
import { lintLanguageOf } from "./protocol";

/** In the session, under this prefix and the file's path: the file's latest lint. */
export const LINT_KEY_PREFIX = "lint:";
/** Reports handed over per prompt; the rest wait for the next one. */
export const FILES_SHOWN_PER_PROMPT = 10;

export function lintWrites(lint: LintTask): Blueprint {
  // Only its hooks and task write under lint: (a session's files, the team's reports): the REST
  // API refuses to plant or take one.
  const blueprint = new Blueprint().reserveKeys(LINT_KEY_PREFIX);

  blueprint.postTool(
    "Write|Edit",
    async function startLint(event, { tasks, env }) {
      const { file_path } = event.tool_input;
      const language = lintLanguageOf(file_path);
      // Without the linter Worker every run would fail: none is started.
      if (!language || !linterOf(env)) return;
      const content = "content" in event.tool_input ? event.tool_input.content : editedContent(event.tool_response);
      if (content === undefined) return;
      const key = `${LINT_KEY_PREFIX}${file_path}`;
      // A file too big to pass as args is not linted, quietly.
      const started = await unlessTooLarge(tasks.add(lint, [language, content], { key }));
      // The file was written again while its last lint had not finished: that one is stale.
      if (started && !started.added) {
        await tasks.cancel(key);
        await tasks.add(lint, [language, content], { key });
      }
    },
    { whenCut: "skip" },
  );

  blueprint.onPrompt(async function showLint(_event, { tasks }) {
    const finished = await tasks.keys({ prefix: LINT_KEY_PREFIX, status: TaskStatus.COMPLETED, limit: FILES_SHOWN_PER_PROMPT });
    const reports: string[] = [];
    for (const { key, task } of finished) {
      if (task !== lint.name) continue;
      const result = await tasks.pop<LintResult>(key);
      if (result && result.diagnostics.length > 0) reports.push(formatLintReport(key.slice(LINT_KEY_PREFIX.length), result));
    }
    const responses: ResponseFor<"UserPromptSubmit">[] = [];
    if (reports.length > 0) {
      responses.push(
        context(reports.join("\n\n")),
        allow({ message: `Linter findings in ${reports.length} file(s) are in Claude's context` }),
      );
    }
    return responses;
  });

  return blueprint;
}
