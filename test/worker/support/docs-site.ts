// The loopback documentation site's two origins (test/fake-docs), as the test Worker allows them.
import { env } from "cloudflare:test";

declare module "vitest" {
  // What test/fake-docs/global-setup.ts provides (vitest.config.ts passes it to the Worker), typed
  // here for the configuration's own typecheck (tsconfig.json), which that Node file is not in.
  export interface ProvidedContext {
    docsSiteUrl: string;
    docsSiteSecondUrl: string;
  }
}

const [main, second] = ((env as Env).FASTHOOKS_FETCH_ALLOWLIST ?? "").split(",");

/** The origin most tests fetch from. */
export const DOCS_SITE = main!;
/** An origin of its own, for the rate limit's test. */
export const DOCS_SITE_SECOND = second!;

/** How many times the site served `path`. */
export async function hitsOf(path: string): Promise<number> {
  const res = await fetch(`${DOCS_SITE}/__hits?path=${encodeURIComponent(path)}`);
  return ((await res.json()) as { hits: number }).hits;
}
