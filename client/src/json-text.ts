// Editing a JSON file the user owns as text, not as a value: what is not changed keeps its
// bytes (layout, key order, a 20-digit number that JSON.parse would round), and what is changed
// is laid out in the file's own indentation. jsonc-parser (Microsoft, no dependencies) makes
// the edits; it is bundled into cli.js, never loaded by the shim.
import { applyEdits, type FormattingOptions, type JSONPath, modify } from "jsonc-parser";

/** A file we will not edit, and why: the user fixes it, nothing was changed. */
export class UneditableFileError extends Error {
  override name = "UneditableFileError";
}

const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "a list" : typeof value);

/**
 * The file's value, which must be a JSON object. Claude Code reads its settings as strict JSON
 * (a file with comments or a trailing comma is skipped whole), so that is all this accepts.
 * Empty text is a file not written yet.
 */
export function parseObjectText(path: string, text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UneditableFileError(`${path} is not valid JSON (${(error as Error).message}); fix it first, nothing was changed`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UneditableFileError(`${path} holds ${kindOf(value)}, not an object of settings; fix it first, nothing was changed`);
  }
  return value as Record<string, unknown>;
}

/** The file's indentation and line ends, so that what we add looks as if it had always been there. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  const tabs = indent?.startsWith("\t") ?? false;
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : (indent?.length ?? 2), eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

/**
 * `text` with the value at `path` set (or removed, when `value` is undefined). `insert`: the last
 * step of `path` is an index of a list, where the value goes in before what is there.
 */
export function editJson(text: string, path: JSONPath, value: unknown, insert = false): string {
  const base = text.trim() === "" ? "{}" : text;
  const edited = applyEdits(base, modify(base, path, value, { formattingOptions: formattingOf(base), isArrayInsertion: insert }));
  // A file we create ends with a line end, as editors leave them.
  return text.trim() === "" && !edited.endsWith("\n") ? `${edited}\n` : edited;
}

/** Values compared as JSON, whatever the order of their keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
