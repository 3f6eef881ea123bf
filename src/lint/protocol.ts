/**
 * What the main Worker and the linter Worker (linter/) say to each other over the LINTER
 * service binding: a file's text, its language and the linter's settings in; diagnostics out.
 * Defined once here; the linter Worker imports these types, the main Worker checks a report
 * it reads back from the team's store with the schema.
 */
import { z } from "zod";

/** The languages the linter Worker lints, each with its linter (Ruff for Python). */
export const LINT_LANGUAGES = ["python"] as const;
export type LintLanguage = (typeof LINT_LANGUAGES)[number];

/** A file's language from its name, or undefined when it is not linted. */
export function lintLanguageOf(path: string): LintLanguage | undefined {
  return /\.pyi?$/i.test(path) ? "python" : undefined;
}

export interface LintRequest {
  language: LintLanguage;
  content: string;
  /**
   * The linter's own settings, as its configuration file has them: for Ruff, pyproject's
   * `[tool.ruff]` as JSON (`{"line-length": 100, "lint": {"select": ["E", "F"]}}`).
   */
  config: Record<string, unknown>;
}

export const lintDiagnosticSchema = z.object({
  /** 1-based, as editors and Ruff's own output count them. */
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  /** The rule ("F401"); null for a syntax error. */
  code: z.string().nullable(),
  message: z.string(),
  /** The linter knows a fix (`ruff check --fix` would apply it). */
  fixable: z.boolean(),
});
export type LintDiagnostic = z.infer<typeof lintDiagnosticSchema>;

export const lintReportSchema = z.object({
  /** Which linter and version produced it ("ruff 0.16.9"). */
  linter: z.string(),
  diagnostics: z.array(lintDiagnosticSchema),
});
export type LintReport = z.infer<typeof lintReportSchema>;

/** The linter Worker's RPC interface (its default entrypoint). */
export interface LinterService {
  lint(request: LintRequest): Promise<LintReport>;
}
