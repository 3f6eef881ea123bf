/**
 * Ruff, from its WebAssembly build (@astral-sh/ruff-wasm-web). Workers cannot fetch the .wasm
 * at run time as the web build would: wrangler uploads it as a module, compiled, and it is
 * handed to `initSync`. One Ruff workspace per settings, kept while the isolate lives (making
 * one reads and checks the settings, which is most of a cold lint).
 */
import { initSync, PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-web";
import ruffWasm from "@astral-sh/ruff-wasm-web/ruff_wasm_bg.wasm";
import type { LintDiagnostic, LintReport } from "../../src/lint/protocol";

/** Ruff's own diagnostic, as its wasm build returns it (ruff_wasm.d.ts). */
interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
  end_location: { row: number; column: number };
  fix: unknown;
}

/** Settings kept at most: a team has one or two; a flood of different ones must not hold memory. */
const WORKSPACES_KEPT = 8;
const workspaces = new Map<string, Workspace>();
let version: string | undefined;

function workspaceFor(config: Record<string, unknown>): Workspace {
  if (!version) {
    initSync({ module: ruffWasm });
    version = Workspace.version();
  }
  const key = JSON.stringify(config);
  let workspace = workspaces.get(key);
  if (!workspace) {
    // Columns in UTF-16 code units: what the model and editors count in JavaScript strings.
    workspace = new Workspace(config, PositionEncoding.Utf16);
    if (workspaces.size >= WORKSPACES_KEPT) {
      const [oldest] = workspaces;
      workspaces.delete(oldest![0]);
      oldest![1].free();
    }
    workspaces.set(key, workspace);
  }
  return workspace;
}

/** Ruff's findings in `content` under `config` (pyproject's [tool.ruff], as JSON). */
export function ruffCheck(content: string, config: Record<string, unknown>): LintReport {
  const found = workspaceFor(config).check(content) as RuffDiagnostic[];
  const diagnostics: LintDiagnostic[] = found.map((diagnostic) => ({
    line: diagnostic.start_location.row,
    column: diagnostic.start_location.column,
    endLine: diagnostic.end_location.row,
    endColumn: diagnostic.end_location.column,
    code: diagnostic.code,
    message: diagnostic.message,
    fixable: diagnostic.fix != null,
  }));
  // In the order of the file, as `ruff check` prints them (its wasm build returns them by rule).
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { linter: `ruff ${version}`, diagnostics };
}
