// Human-readable output: aligned columns, short times, and text a terminal shows rather than obeys.

// Control characters (C0, DEL, C1: ESC starts sequences that retitle, recolour or clear a
// terminal; 0x9b is a one-byte CSI) and the invisible marks that reorder or hide text (bidi
// overrides and isolates, line and paragraph separators).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves raw inside strings (it escapes C0 itself; its own newlines are layout).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (char: string, digits: number) => char.charCodeAt(0).toString(16).padStart(digits, "0");

/**
 * Text safe to print: each control character written as an escape (`\x1b`, `\u202e`) instead of
 * sent to the terminal. `multiline` keeps newlines and tabs (a value shown whole).
 */
export function printable(text: string, { multiline = false } = {}): string {
  return text.replace(UNSAFE, (char) =>
    multiline && (char === "\n" || char === "\t") ? char : char <= "\u00ff" ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`,
  );
}

/** JSON for scripts, as safe to print: the same value, every such character a \u escape. */
export function printableJson(data: unknown): string {
  return JSON.stringify(data, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char, 4)}`);
}

export function table(headers: string[], rawRows: string[][]): string {
  const rows = rawRows.map((row) => row.map((cell) => printable(cell)));
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

export function age(time: number | undefined, now = Date.now()): string {
  if (time === undefined) return "";
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A value on one line, cut to fit a table cell. */
export function brief(value: unknown, width = 60): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const flat = printable((text ?? "").replace(/\s+/g, " "));
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
