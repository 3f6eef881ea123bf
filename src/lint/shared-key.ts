import type { LintLanguage } from "./protocol";

/**
 * Where a lint report is kept in the team's store: a hash of all it depends on (the language,
 * the linter's settings and the content), so a teammate who writes the same file under the
 * same settings reuses it, and no path or member is in the team's copy.
 */
export async function sharedLintKey(language: LintLanguage, config: Record<string, unknown>, content: string): Promise<string> {
  const text = `${language}\0${JSON.stringify(config)}\0${content}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `lint:${language}:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
