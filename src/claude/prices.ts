import type { TaskUsage } from "../tasks/result";

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute entries): 1.25 x input. */
  cacheWrite: number;
  /** Reading the prompt cache: 0.1 x input. */
  cacheRead: number;
}

const price = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

/**
 * Anthropic's list prices (models overview, 2026-11), by model id and by family for ids not
 * listed. An unknown model is priced as the most expensive family, so a budget errs on the
 * side of stopping early.
 */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  // Haiku 5.5 costs a fifth of this for prompts up to 100,000 tokens; the table has no tiers,
  // so it holds the dearer one and a budget errs on the side of stopping.
  "claude-haiku-5-5": price(0.5, 2.5),
  "claude-sonnet-5-5": price(2, 10),
  "claude-opus-5-5": price(4, 20),
  "claude-haiku-4-5": price(1, 5),
  "claude-sonnet-5": price(2, 10),
  "claude-opus-5": price(5, 25),
  "claude-sonnet-4-5": price(3, 15),
  "claude-opus-4-1": price(15, 75),
};

const FAMILIES: [RegExp, ModelPrice][] = [
  [/haiku/, price(1, 5)],
  [/sonnet/, price(3, 15)],
  [/opus/, price(15, 75)],
];

export function priceOf(model: string): ModelPrice {
  return PRICES[model] ?? FAMILIES.find(([family]) => family.test(model))?.[1] ?? price(15, 75);
}

/** The Messages API's `usage` of one response. */
export interface ApiUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

export function usageOf(model: string, usage: ApiUsage): TaskUsage {
  const rates = priceOf(model);
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const costUsd =
    (usage.input_tokens * rates.input +
      usage.output_tokens * rates.output +
      cacheCreation * rates.cacheWrite +
      cacheRead * rates.cacheRead) /
    1_000_000;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: cacheCreation,
    cacheReadInputTokens: cacheRead,
    costUsd,
  };
}
