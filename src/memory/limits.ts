/** The memory's bounds, in one place, with the reason for each. */
export const MEMORY_LIMITS = {
  /** A note or a review's summary: a few paragraphs. What Claude gets is cut further (contextMaxChars). */
  textMaxChars: 4000,
  /** A directory's base name. */
  projectMaxChars: 100,
  /** A source names a task or a kind: an identifier. */
  sourcePattern: /^[a-z][a-z0-9_-]{0,63}$/,
  /** How long a memory lives unless FASTHOOKS_MEMORY_DAYS says otherwise: a quarter. */
  retentionDaysDefault: 90,
  retentionDaysMax: 3650,
  /** Memories a search returns: a few, as the guide's `results[:3]`; the API allows more. */
  searchLimitDefault: 5,
  searchLimitMax: 20,
  /**
   * Characters of memory text one search may return, and so add to Claude's context: well
   * under the 10,000 at which Claude Code moves a hook's context to a file.
   */
  contextMaxChars: 3000,
  /** A query's distinct words, at most: a prompt's first few dozen carry its topic. */
  queryMaxTerms: 24,
  /** The query as a task's args: the terms, not the prompt. */
  queryMaxChars: 1000,
  listPageDefault: 50,
  listPageMax: 500,
  /** Rows the alarm deletes per run; it runs again at once while more are due. */
  expireBatch: 1000,
  /** How long a search's result waits in the session for the next prompt. */
  searchResultTtlSeconds: 1800,
} as const;

/** The deployment's retention in days: FASTHOOKS_MEMORY_DAYS (1 to 3,650), else 90. */
export function retentionDays(env: Pick<Env, "FASTHOOKS_MEMORY_DAYS"> | undefined): number {
  const configured = Number(env?.FASTHOOKS_MEMORY_DAYS);
  if (Number.isInteger(configured) && configured >= 1 && configured <= MEMORY_LIMITS.retentionDaysMax) return configured;
  return MEMORY_LIMITS.retentionDaysDefault;
}

export const DAY_MS = 24 * 3600 * 1000;
