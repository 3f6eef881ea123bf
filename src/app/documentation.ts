/**
 * The guide's "API calls that should not block the hook", its `fetch_documentation`: when
 * Claude is about to WebFetch a page from an origin the deployment allows
 * (FASTHOOKS_FETCH_ALLOWLIST), the page is fetched in the background and kept 10 minutes in the
 * team's store under `doc:<url>`: a teammate fetching it within that time gets it without a
 * fetch. On the next prompt its text goes to Claude, fenced as fetched content. Fetches are
 * rate-limited per origin (DOC_FETCH_LIMITER). See docs/documentation-prefetch.md.
 */
import { allow, Blueprint, context, type PointerKind, pointAt } from "../hooks";
import {
  allowedUrlOrNull,
  DOCUMENT_TTL_SECONDS,
  documentContext,
  documentKey,
  documentLabel,
  type FetchedDocument,
  fetchDocumentation,
} from "../fetch";
import { z } from "zod";
import { TaskStatus } from "../tasks/result";

/**
 * On the next prompt (showPointed, in index.ts): a fetched page goes to Claude, one per prompt
 * (a page is up to 5,000 characters; the rest wait for the prompts after). Only the
 * fetch_documentation row of this very URL is shown: anything else under the key is not.
 */
export const documentPointers: PointerKind<{ key: string; url: string }, FetchedDocument> = {
  prefix: "pending_doc:",
  schema: z.object({ key: z.string().startsWith("doc:"), url: z.string() }),
  perPrompt: 1,
  show({ url }, found) {
    const fetched = found?.task === fetchDocumentation.name ? found : null;
    if (fetched?.status === TaskStatus.PENDING || fetched?.status === TaskStatus.RUNNING) return "wait";
    if (fetched?.status === TaskStatus.COMPLETED && fetched.value?.url === url) {
      return [context(documentContext(fetched.value, fetched.addedBy?.member))];
    }
    if (fetched?.status === TaskStatus.FAILED) return [allow({ message: `Prefetch of ${url} failed: ${fetched.error?.message ?? ""}` })];
    return [];
  },
};

// Only this hook writes page pointers and pages: the REST API refuses to plant or take one.
export const documentation = new Blueprint().reserveKeys("pending_doc:", "doc:").preTool(
  "WebFetch",
  async function prefetchDocumentation(event, { tasks, team, env }) {
    // Not an allowed origin: nothing is fetched here (Claude's own WebFetch goes ahead as ever).
    const url = allowedUrlOrNull(event.tool_input.url, env);
    if (!url) return;
    url.hash = "";
    const key = await documentKey(url);
    // One call to the team's store (reused when a teammate fetched the page within 10 minutes), and
    // the session's pointer beside it.
    await Promise.all([
      team.getOrAdd(fetchDocumentation, [url.href], { key, ttl: DOCUMENT_TTL_SECONDS, label: documentLabel(url) }),
      pointAt(tasks, documentPointers, url.href, { key, url: url.href }, DOCUMENT_TTL_SECONDS),
    ]);
  },
  // An event too large to read whole is not worth asking the user about: no prefetch, quietly.
  { whenCut: "skip" },
);
