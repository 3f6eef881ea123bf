/**
 * Linting what Claude writes: Ruff on every .py file Claude writes or edits, its findings handed to
 * Claude on the next prompt, each report computed once per team for the same content and
 * settings. The linter runs in a Worker of its own (linter/, Workers Paid: docs/linting.md);
 * without it (no LINTER binding) nothing is started.
 */
import { lintTask, lintWrites } from "../lint";

/** Ruff's settings, as pyproject's [tool.ruff] in JSON: here Ruff's own defaults, spelled out to be edited. */
export const RUFF_SETTINGS = {
  "line-length": 88,
  lint: { select: ["E4", "E7", "E9", "F"] },
};

const lintFile = lintTask({ ruff: RUFF_SETTINGS });

/** PostToolUse Write or Edit of a .py file starts the lint; the next prompt shows its findings. */
export const linting = lintWrites(lintFile);
