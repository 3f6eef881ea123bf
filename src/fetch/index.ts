// Fetching web pages for tasks, as a team's app file imports it (docs/documentation-prefetch.md).
export { allowedOrigins, allowedUrl, allowedUrlOrNull, FetchRefusedError } from "./allowlist";
export { documentContext } from "./context";
export { DOCUMENT_TTL_SECONDS, documentKey, documentLabel, fetchDocumentation } from "./documentation";
export { DOCUMENT_LIMITS, type FetchedDocument, FetchFailedError, fetchDocument } from "./fetch-document";
export { htmlText } from "./html-text";
export { documentPointers, prefetchWebFetches } from "./prefetch-blueprint";
export { RateLimitedError, takeFetchSlot } from "./rate-limit";
