/**
 * The guide's `fetch_documentation`: a page fetched in the background on PreToolUse WebFetch,
 * kept 10 minutes under `doc:<url>` in the team's store so that a teammate fetching the same
 * page within that time gets it without a fetch, and handed to Claude on the next prompt as
 * fetched content, never as instructions.
 */
import { z } from "zod";
import { LIMITS } from "../tasks/limits";
import { task } from "../tasks/task";
import type { TaskContext } from "../tasks/tasks";
import { type FetchedDocument, fetchDocument } from "./fetch-document";

/** How long a fetched page is reused, team-wide: the guide's `@task(ttl=600)`. */
export const DOCUMENT_TTL_SECONDS = 600;

export const fetchDocumentation = task(
  async function fetchDocumentation(this: TaskContext, url: string): Promise<FetchedDocument> {
    return fetchDocument(url, { env: this.env, signal: this.signal });
  },
  { name: "fetch_documentation", ttl: DOCUMENT_TTL_SECONDS, timeout: 30, args: z.tuple([z.string().min(1).max(2048)]) },
);

/**
 * The team key of a page: `doc:<url>` (without its #fragment, which names a place in the same
 * page); a URL too long for a key is keyed by its hash.
 */
export async function documentKey(url: URL): Promise<string> {
  const page = new URL(url);
  page.hash = "";
  const key = `doc:${page.href}`;
  if (key.length <= LIMITS.keyMaxLength) return key;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(page.href));
  return `doc:sha256:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** What the team page shows for the key: the page's host and path, cut. */
export function documentLabel(url: URL): string {
  return `Documentation: ${url.host}${url.pathname}`;
}
