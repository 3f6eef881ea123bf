/**
 * The file as an Edit left it, from what PostToolUse carries: Claude Code's Edit response has
 * the file before (`originalFile`) and the strings replaced (FileEditOutput in its
 * sdk-tools.d.ts). Undefined where that cannot be known for sure (no original, too large to
 * include, or the replaced string not in it): such an edit is not linted.
 */
export function editedContent(response: unknown): string | undefined {
  if (typeof response !== "object" || response === null) return undefined;
  const { originalFile, oldString, newString, replaceAll } = response as Record<string, unknown>;
  if (typeof originalFile !== "string" || typeof oldString !== "string" || typeof newString !== "string") return undefined;
  if (oldString === "" || !originalFile.includes(oldString)) return undefined;
  // A function replacement: `$&` and the like in the new string are text, not patterns.
  return replaceAll === true ? originalFile.replaceAll(oldString, () => newString) : originalFile.replace(oldString, () => newString);
}
