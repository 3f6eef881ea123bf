import type { TaskDetail } from "../tasks/result";

/**
 * A task's args as its detail shows them: whole when their JSON fits in `maxChars`; otherwise
 * the budget is shared out smallest arg first (so a file's language survives beside the file),
 * and an arg over its share is cut (a string, with a marker saying how much) or named (anything
 * else).
 */
export function shownArgs(argsJson: string, maxChars: number): Pick<TaskDetail, "args" | "argsBytes" | "argsCut"> {
  const argsBytes = new TextEncoder().encode(argsJson).byteLength;
  const args = JSON.parse(argsJson) as unknown[];
  if (argsJson.length <= maxChars) return { args, argsBytes };
  // A string by its characters (what is shown), anything else by its JSON.
  const sizes = args.map((arg) => (typeof arg === "string" ? arg.length : JSON.stringify(arg).length));
  const shares = new Array<number>(args.length);
  let left = maxChars;
  let waiting = args.length;
  for (const index of sizes.map((_, i) => i).sort((a, b) => sizes[a]! - sizes[b]!)) {
    shares[index] = Math.min(sizes[index]!, Math.floor(left / waiting));
    left -= shares[index]!;
    waiting--;
  }
  const shown = args.map((arg, i) => {
    if (sizes[i]! <= shares[i]!) return arg;
    if (typeof arg === "string") return cutString(arg, shares[i]!);
    return `[${Array.isArray(arg) ? "an array" : `a ${typeof arg}`} of ${sizes[i]} characters of JSON, not shown]`;
  });
  return { args: shown, argsBytes, argsCut: true };
}

function cutString(text: string, chars: number): string {
  let kept = text.slice(0, Math.max(0, chars - 40));
  // Never half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…[${text.length - kept.length} more characters]`;
}
