/**
 * The guide's "API calls that should not block the hook", its `fetch_documentation`: when
 * Claude is about to WebFetch a page from an origin the deployment allows
 * (FASTHOOKS_FETCH_ALLOWLIST), the page is fetched in the background and kept 10 minutes in the
 * team's store under `doc:<url>`: a teammate fetching it within that time gets it without a
 * fetch. On the next prompt its text goes to Claude, fenced as fetched content. Fetches are
 * rate-limited per origin (DOC_FETCH_LIMITER). See docs/documentation-prefetch.md.
 */
import { documentPointers, prefetchWebFetches } from "../fetch";

/** On the next prompt (showPointed, in index.ts): a fetched page, one per prompt. */
export { documentPointers };

export const documentation = prefetchWebFetches();
