// The settings editor behind install and uninstall, on its own: whatever hooks a file holds
// (the user's, ours, another Worker's, mixed in one group or not), it leaves exactly the wanted
// entries as ours and every other entry where and as it was.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withOurHooks } from "../../client/src/hooks-edit";
import { oursFor } from "../../client/src/settings";
import { type HookEntry, hookEntry, type WantedEntry } from "../../src/hooks/settings-fragment";

const URL = "https://fasthooks.acme.example";
const ours = oursFor(URL);
const http = hookEntry("Stop", { url: URL, mode: "http", failMode: "open" });
const shim = hookEntry("Stop", { url: URL, mode: "command", failMode: "open" });
const oldShim: HookEntry = { type: "command", command: 'node "/home/ada/shop/client/dist/fasthooks-workers.js" hook', timeout: 15 };
const theirWorker: HookEntry = { ...http, url: "https://fasthooks.other.example/v1/hooks" };
const user = (n: number): HookEntry => ({ type: "command", command: `./hook-${n}.sh` });

const EVENTS = ["PreToolUse", "Stop", "UserPromptSubmit"];
const MATCHERS = [undefined, "Bash", "Write|Edit"];

/** Any hooks: groups of the user's entries, ours (right, stale, old) and another Worker's, in any order. */
const anyHooks = fc.dictionary(
  fc.constantFrom(...EVENTS),
  fc.array(
    fc.record({
      matcher: fc.constantFrom(...MATCHERS),
      hooks: fc.array(fc.oneof(fc.nat(20).map(user), fc.constantFrom(http, shim, oldShim, theirWorker)), { minLength: 1, maxLength: 4 }),
    }),
    { maxLength: 3 },
  ),
);
const anyWanted = fc.uniqueArray(
  fc.record({ event: fc.constantFrom(...EVENTS), matcher: fc.constantFrom(...MATCHERS), entry: fc.constantFrom(http, shim) }),
  { selector: (w) => `${w.event} ${w.matcher}`, maxLength: 4 },
);

const settingsText = (hooks: object, extra: object) => `${JSON.stringify({ ...extra, hooks }, null, 2)}\n`;
const clean = (wanted: { event: string; matcher?: string; entry: HookEntry }[]): WantedEntry[] =>
  wanted.map(({ event, matcher, entry }) => ({ event, ...(matcher ? { matcher } : {}), entry }));

/** Every entry that is not ours, with where it is: event, matcher, order. */
function others(hooks: Record<string, { matcher?: string; hooks: HookEntry[] }[]> = {}): string[] {
  return Object.entries(hooks).flatMap(([event, groups]) =>
    groups.flatMap((group) =>
      group.hooks.filter((entry) => !ours(entry)).map((entry) => `${event} ${group.matcher} ${JSON.stringify(entry)}`),
    ),
  );
}

function oursIn(hooks: Record<string, { matcher?: string; hooks: HookEntry[] }[]> = {}): string[] {
  return Object.entries(hooks)
    .flatMap(([event, groups]) =>
      groups.flatMap((group) => group.hooks.filter(ours).map((entry) => `${event} ${group.matcher ?? ""} ${JSON.stringify(entry)}`)),
    )
    .sort();
}

describe("withOurHooks", () => {
  it("leaves exactly the wanted entries as ours and every other entry in its place; twice changes nothing; none removes all ours", () => {
    fc.assert(
      fc.property(anyHooks, anyWanted, fc.constantFrom({}, { model: "opus", n: 1 }), (hooks, rawWanted, extra) => {
        const wanted = clean(rawWanted);
        const text = settingsText(hooks, extra);
        const installed = withOurHooks("settings.json", text, wanted, ours).text;
        const after = JSON.parse(installed);
        expect(oursIn(after.hooks)).toEqual(wanted.map((w) => `${w.event} ${w.matcher ?? ""} ${JSON.stringify(w.entry)}`).sort());
        expect(others(after.hooks)).toEqual(others(hooks));
        expect(after.model).toBe((extra as { model?: string }).model);
        expect(withOurHooks("settings.json", installed, wanted, ours).text).toBe(installed);

        const removed = JSON.parse(withOurHooks("settings.json", installed, [], ours).text);
        expect(oursIn(removed.hooks)).toEqual([]);
        expect(others(removed.hooks)).toEqual(others(hooks));
      }),
      { numRuns: 300 },
    );
  });

  it("removes a group that held only ours before it, and ours after it in the same event, each at its own place", () => {
    const text = settingsText({ Stop: [{ hooks: [shim] }, { hooks: [user(1), oldShim, user(2), http] }] }, {});
    const { text: edited, removed } = withOurHooks("settings.json", text, [], ours);
    expect(removed).toBe(3);
    expect(JSON.parse(edited)).toEqual({ hooks: { Stop: [{ hooks: [user(1), user(2)] }] } });
  });

  it("keeps a `hooks` the user left empty, and drops one that removing ours emptied", () => {
    expect(JSON.parse(withOurHooks("s", settingsText({}, {}), [], ours).text)).toEqual({ hooks: {} });
    expect(
      JSON.parse(withOurHooks("s", settingsText({ Stop: [{ hooks: [http] }], PreToolUse: [{ hooks: [shim] }] }, {}), [], ours).text),
    ).toEqual({});
  });

  it("leaves an entry already as wanted where it is, rather than moving it to the end", () => {
    const text = settingsText({ Stop: [{ hooks: [http, user(1)] }] }, {});
    expect(withOurHooks("s", text, [{ event: "Stop", entry: http }], ours)).toMatchObject({ text, kept: 1, added: 0, removed: 0 });
  });
});
