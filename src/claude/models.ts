/**
 * Model aliases, as fasthooks users write them (`model: "haiku"`), and the ids they stand for.
 * Model ids change often: this table is the one place to change, and a deployment can
 * override it without a code change: FASTHOOKS_MODEL_ALIASES='{"sonnet": "claude-sonnet-..."}'.
 * As of this writing (Anthropic's models overview, 2026-11), the current models.
 */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  haiku: "claude-haiku-4-5",
  sonnet: "claude-sonnet-5",
  opus: "claude-opus-5",
};

/** The id for an alias (or an id as it is), with the deployment's overrides applied. */
export function resolveModel(model: string, overridesJson?: string): string {
  const overrides = parseOverrides(overridesJson);
  return overrides[model] ?? MODEL_ALIASES[model] ?? model;
}

function parseOverrides(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, string>;
  } catch {
    // fall through to the error below
  }
  throw new Error('FASTHOOKS_MODEL_ALIASES must be a JSON object such as {"sonnet": "claude-sonnet-5"}');
}
