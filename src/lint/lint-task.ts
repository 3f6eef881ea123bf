/**
 * The lint task: a file's text linted by the linter Worker, once per team for the same
 * content, language and settings. It runs in the session that wrote the file, so the result is
 * the session's to show on the next prompt (no call to the team's store on any hook); the
 * team's store is the cache it reads first and fills after.
 */
import { z } from "zod";
import { TaskStatus } from "../tasks/result";
import { task } from "../tasks/task";
import type { Task, TaskContext } from "../tasks/tasks";
import { linterOf } from "./binding";
import { LINT_LANGUAGES, type LintLanguage, type LintReport, lintReportSchema } from "./protocol";
import { sharedLintKey } from "./shared-key";
import { TaskInputError } from "../tasks/input";

export interface LintTaskOptions {
  /** The task's name. Default "lint_file". */
  name?: string;
  /** Ruff's settings, as pyproject's [tool.ruff] in JSON. Default: Ruff's own defaults. */
  ruff?: Record<string, unknown>;
  /** Seconds a report stays in the team's store for teammates. Default one day. */
  sharedTtl?: number;
}

/** What a session gets: the report, and who linted it first when a teammate's run was reused. */
export interface LintResult extends LintReport {
  language: LintLanguage;
  /** The member whose run produced the report, when it was not this session's. */
  reusedFrom?: string;
}

export type LintTask = Task<[LintLanguage, string], LintResult>;

export function lintTask(options: LintTaskOptions = {}): LintTask {
  const configs: Record<LintLanguage, Record<string, unknown>> = { python: options.ruff ?? {} };
  const sharedTtl = options.sharedTtl ?? 24 * 3600;
  return task(
    async function lintFile(this: TaskContext, language: LintLanguage, content: string): Promise<LintResult> {
      const config = configs[language];
      const key = await sharedLintKey(language, config, content);
      const shared = await this.team.get(key);
      const cached = shared?.status === TaskStatus.COMPLETED ? lintReportSchema.safeParse(shared.value) : undefined;
      if (cached?.success) return { ...cached.data, language, reusedFrom: shared?.addedBy?.member ?? "a teammate" };
      const linter = linterOf(this.env);
      if (!linter) {
        throw new Error("this Worker has no LINTER binding: deploy the linter Worker (linter/) and bind it (see docs/linting.md)");
      }
      const report: LintReport = lintReportSchema.parse(await linter.lint({ language, content, config }));
      try {
        await this.team.put(key, report, { ttl: sharedTtl });
      } catch (error) {
        // A teammate's run stored the same report first: it is theirs, and it stands.
        if (!(error instanceof TaskInputError && error.code === "forbidden")) throw error;
      }
      return { ...report, language };
    },
    { name: options.name ?? "lint_file", args: z.tuple([z.enum(LINT_LANGUAGES), z.string()]), timeout: 60, retries: 1 },
  );
}
