// The model aliases against what the installed @anthropic-ai/sdk knows: its list of models
// (the `Model` type) and its table of deprecated ones, read from the package itself, so that
// upgrading the SDK tells when an alias has fallen behind or is about to be retired.
import { describe, expect, it } from "vitest";
import { MODEL_ALIASES } from "../../src/claude/models";

const sdkFile = (path: string) => new URL(`../../node_modules/@anthropic-ai/sdk/${path}`, import.meta.url).href;

/** The SDK's own table, `{ model id: end-of-life date }` (internal: not in its exports map). */
async function deprecatedModels(): Promise<Record<string, string>> {
  return (await import(/* @vite-ignore */ sdkFile("internal/data/deprecated-models.mjs"))).DEPRECATED_MODELS;
}

/** Every model id named in the SDK's `Model` type. */
async function knownModels(): Promise<string[]> {
  const types: string = (await import(/* @vite-ignore */ `${sdkFile("resources/messages/messages.d.ts")}?raw`)).default;
  const union = /export type Model = ([^;]+);/.exec(types)?.[1];
  if (!union) throw new Error("the SDK's Model type was not found: its layout changed");
  return [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

/** [major, minor] of an undated id of the family, e.g. claude-opus-4-8 -> [4, 8]. */
function version(id: string, family: string): [number, number] | null {
  const match = new RegExp(`^claude-${family}-(\\d+)(?:-(\\d))?$`).exec(id);
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : null;
}

describe("model aliases", () => {
  it("name no model on the SDK's deprecated list", async () => {
    const deprecated = await deprecatedModels();
    expect(Object.keys(deprecated).length).toBeGreaterThan(0); // the table is where we look
    for (const [alias, id] of Object.entries(MODEL_ALIASES)) {
      expect(deprecated[id], `${alias} -> ${id} reaches end of life on ${deprecated[id]}`).toBeUndefined();
    }
  });

  it("point at the newest model of their family that the SDK knows", async () => {
    const known = await knownModels();
    for (const [family, id] of Object.entries(MODEL_ALIASES)) {
      const newest = known
        .map((candidate) => [candidate, version(candidate, family)] as const)
        .filter((entry): entry is readonly [string, [number, number]] => entry[1] !== null)
        .sort(([, a], [, b]) => b[0] - a[0] || b[1] - a[1])[0]?.[0];
      expect(id, family).toBe(newest);
    }
  });

  it("are not overridden with a deprecated model in the docs' example", async () => {
    const page: string = (await import(/* @vite-ignore */ `${new URL("../../docs/claude-agents.md", import.meta.url).href}?raw`)).default;
    const examples = [...page.matchAll(/FASTHOOKS_MODEL_ALIASES='([^']+)'/g)].map((match) => JSON.parse(match[1]!));
    expect(examples.length).toBeGreaterThan(0);
    const deprecated = await deprecatedModels();
    for (const example of examples) {
      for (const id of Object.values(example) as string[]) expect(deprecated[id], id).toBeUndefined();
    }
  });
});
