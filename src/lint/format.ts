import type { LintResult } from "./lint-task";

/** Findings shown per file: enough to act on, not enough to crowd Claude's context. */
export const FINDINGS_SHOWN_PER_FILE = 20;

/**
 * A file's report as Claude reads it: labelled as linter output, one finding per line in the
 * `path:line:col: CODE message` form linters print, at most `FINDINGS_SHOWN_PER_FILE`.
 */
export function formatLintReport(path: string, result: LintResult, limit = FINDINGS_SHOWN_PER_FILE): string {
  const { diagnostics } = result;
  const count = `${diagnostics.length} finding${diagnostics.length === 1 ? "" : "s"}`;
  const reused = result.reusedFrom ? `, reused from ${result.reusedFrom}'s run on the same content` : "";
  const lines = diagnostics
    .slice(0, limit)
    .map(
      ({ line, column, code, message, fixable }) =>
        `${path}:${line}:${column}: ${code ?? "syntax-error"} ${message}${fixable ? " [fixable]" : ""}`,
    );
  if (diagnostics.length > limit) lines.push(`(${diagnostics.length - limit} more not shown)`);
  return [`Linter output (${result.linter}${reused}) for ${path}, ${count}:`, ...lines].join("\n");
}
