// Our hook entries in a settings file's text: the entries `install` wants, in place of ours that
// are there, and nothing else touched. An entry is ours when `isOurs` says so (our shim, or an
// HTTP hook to this Worker): a user's own hooks and another Worker's are left where they are.
import type { JSONPath } from "jsonc-parser";
import type { HookEntry, MatcherGroup, WantedEntry } from "../../src/hooks/settings-fragment";
import { editJson, parseObjectText, sameJson, UneditableFileError } from "./json-text";

export interface HooksEdit {
  text: string;
  /** Our entries already as wanted. */
  kept: number;
  added: number;
  removed: number;
}

/** "", "*" and no matcher all mean every tool. */
function sameMatcher(a: unknown, b: unknown): boolean {
  const norm = (m: unknown) => (m === undefined || m === "" || m === "*" ? "" : m);
  return norm(a) === norm(b);
}

type Hooks = Record<string, MatcherGroup[]>;

/** The `hooks` key, checked as far as we walk it: a shape we cannot edit safely is refused. */
function hooksOf(path: string, settings: Record<string, unknown>): Hooks {
  const hooks = settings.hooks;
  if (hooks === undefined) return {};
  const refuse = (where: string, what: string) =>
    new UneditableFileError(`${path}: ${where} is not ${what}; fix it first, nothing was changed`);
  if (typeof hooks !== "object" || hooks === null || Array.isArray(hooks)) throw refuse('"hooks"', "an object of events");
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) throw refuse(`hooks.${event}`, "a list of matcher groups");
    groups.forEach((group: unknown, index) => {
      const entries = (group as { hooks?: unknown } | null)?.hooks;
      if (typeof group !== "object" || group === null || !Array.isArray(entries)) {
        throw refuse(`hooks.${event}[${index}]`, 'a matcher group ({"matcher", "hooks": [...]})');
      }
      if (entries.some((entry) => typeof entry !== "object" || entry === null || Array.isArray(entry))) {
        throw refuse(`hooks.${event}[${index}].hooks`, "a list of hook entries");
      }
    });
  }
  return hooks as Hooks;
}

/**
 * `text` with exactly `wanted` as our entries: ours already right are kept where they are, ours
 * no longer wanted are removed (with a group, event or `hooks` key they leave empty), and the
 * missing ones are added (into a group of the same matcher, else a new one). Everything else,
 * bytes included, is left as it was.
 */
export function withOurHooks(path: string, text: string, wanted: WantedEntry[], isOurs: (entry: HookEntry) => boolean): HooksEdit {
  const hooks = hooksOf(path, parseObjectText(path, text));
  const pending = [...wanted];
  const removals: JSONPath[] = [];
  let kept = 0;
  let removed = 0;
  const events = Object.entries(hooks);
  let eventsEmptied = 0;
  for (const [event, groups] of events) {
    const groupRemovals: JSONPath[] = [];
    groups.forEach((group, groupIndex) => {
      const entryRemovals: JSONPath[] = [];
      group.hooks.forEach((entry, entryIndex) => {
        if (!isOurs(entry)) return;
        const want = pending.findIndex((w) => w.event === event && sameMatcher(w.matcher, group.matcher) && sameJson(w.entry, entry));
        if (want !== -1) {
          pending.splice(want, 1);
          kept++;
          return;
        }
        removed++;
        entryRemovals.push(["hooks", event, groupIndex, "hooks", entryIndex]);
      });
      // A group left with nothing goes with its last entry.
      if (entryRemovals.length > 0 && entryRemovals.length === group.hooks.length) groupRemovals.push(["hooks", event, groupIndex]);
      else removals.push(...entryRemovals);
    });
    if (groupRemovals.length > 0 && groupRemovals.length === groups.length) {
      removals.push(["hooks", event]);
      eventsEmptied++;
    } else removals.push(...groupRemovals);
  }
  // An empty "hooks" the user wrote stays; one emptied by removing ours goes.
  const emptied = events.length > 0 && eventsEmptied === events.length;
  let edited = text;
  if (emptied && pending.length === 0) edited = editJson(edited, ["hooks"], undefined);
  else {
    // From the end of the file back, so that each path still points where it did.
    for (const removal of removals.sort(laterFirst)) edited = editJson(edited, removal, undefined);
  }
  for (const want of pending) edited = added(path, edited, want);
  return { text: edited, kept, added: pending.length, removed };
}

/**
 * Paths of one document, the later first: removing them in this order, each path still points
 * where it did. A higher index in the same list goes first; paths under different keys do not
 * move each other, so any fixed order of keys will do.
 */
function laterFirst(a: JSONPath, b: JSONPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return y - x;
    return String(x) < String(y) ? -1 : 1;
  }
  return b.length - a.length;
}

function added(path: string, text: string, want: WantedEntry): string {
  const hooks = hooksOf(path, parseObjectText(path, text));
  const group = { ...(want.matcher ? { matcher: want.matcher } : {}), hooks: [want.entry] };
  const groups = hooks[want.event];
  if (groups === undefined) return editJson(text, ["hooks", want.event], [group]);
  const index = groups.findIndex((candidate) => sameMatcher(candidate.matcher, want.matcher));
  if (index === -1) return editJson(text, ["hooks", want.event, groups.length], group, true);
  return editJson(text, ["hooks", want.event, index, "hooks", groups[index]!.hooks.length], want.entry, true);
}
