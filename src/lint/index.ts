// Linting what Claude writes, through the linter Worker (linter/), as a team's app imports it.
export { type LinterBinding, linterOf } from "./binding";
export { FINDINGS_SHOWN_PER_FILE, formatLintReport } from "./format";
export { FILES_SHOWN_PER_PROMPT, LINT_KEY_PREFIX, lintWrites } from "./lint-blueprint";
export { type LintResult, type LintTask, type LintTaskOptions, lintTask } from "./lint-task";
export * from "./protocol";
export { sharedLintKey } from "./shared-key";
