import type { Model } from "@anthropic-ai/sdk/resources/messages";
import { z } from "zod";

/** The model ids the installed SDK lists by name (its `Model` type, without the open `string`). */
type KnownModel<M = Model> = M extends unknown ? (string extends M ? never : M) : never;

/**
 * Model aliases, as fasthooks users write them (`model: "haiku"`), and the ids they stand for:
 * the newest of each family that the installed @anthropic-ai/sdk knows (a unit test checks
 * this, and that none is on the SDK's deprecated list). A deployment can override them without
 * a code change: FASTHOOKS_MODEL_ALIASES='{"sonnet": "claude-sonnet-..."}'.
 */
export const MODEL_ALIASES = {
  haiku: "claude-haiku-5-5",
  sonnet: "claude-sonnet-5-5",
  opus: "claude-opus-5-5",
} as const satisfies Readonly<Record<string, KnownModel>>;

const overridesSchema = z.record(z.string().min(1, "an alias must not be empty"), z.string().min(1, "a model id must not be empty"));

const EXAMPLE = '{"sonnet": "claude-sonnet-5-5"}';

interface ModelAliases {
  aliases: Readonly<Record<string, string>>;
  /** Why the deployment's FASTHOOKS_MODEL_ALIASES was not used (the built-in table was). */
  problem?: string;
}

// One parse per distinct value: every agent run resolves its model.
let cached: { json: string | undefined; result: ModelAliases } | undefined;

/**
 * The aliases with the deployment's overrides. A malformed FASTHOOKS_MODEL_ALIASES does not fail
 * every Claude task: the built-in table is used, the problem is logged once and shown by
 * /v1/health?deep=1.
 */
function modelAliases(overridesJson: string | undefined): ModelAliases {
  if (cached && cached.json === overridesJson) return cached.result;
  const result = parseOverrides(overridesJson);
  if (result.problem) console.error(`fasthooks: ${result.problem}; using the built-in aliases`);
  cached = { json: overridesJson, result };
  return result;
}

function parseOverrides(json: string | undefined): ModelAliases {
  if (!json) return { aliases: MODEL_ALIASES };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { aliases: MODEL_ALIASES, problem: `FASTHOOKS_MODEL_ALIASES is not JSON: write it as ${EXAMPLE}` };
  }
  const overrides = overridesSchema.safeParse(parsed);
  if (!overrides.success) {
    const why = [...new Set(overrides.error.issues.map((issue) => issue.message))].join("; ");
    return { aliases: MODEL_ALIASES, problem: `FASTHOOKS_MODEL_ALIASES must be an object of ids by alias, such as ${EXAMPLE}: ${why}` };
  }
  return { aliases: { ...MODEL_ALIASES, ...overrides.data } };
}

/** The id for an alias (or an id as it is), with the deployment's overrides applied. */
export function resolveModel(model: string, overridesJson?: string): string {
  const { aliases } = modelAliases(overridesJson);
  return Object.hasOwn(aliases, model) ? aliases[model]! : model;
}

/** For /v1/health?deep=1: "set" unless FASTHOOKS_MODEL_ALIASES is set and malformed. */
export function modelAliasesCheck(overridesJson: string | undefined): string {
  const { problem } = modelAliases(overridesJson);
  return problem ? `invalid, the built-in aliases are used: ${problem}` : "set";
}
