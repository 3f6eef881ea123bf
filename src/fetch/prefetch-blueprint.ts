/**
 * Prefetch what Claude is about to WebFetch, and show it on the next prompt: a blueprint an app
 * includes, with `documentPointers` in its `showPointed(...)`. On PreToolUse WebFetch of an
 * allowed origin (FASTHOOKS_FETCH_ALLOWLIST) it starts `fetchDocumentation` in the team's store
 * under `doc:<url>` (reused when a teammate fetched the page within 10 minutes) and puts a
 * pointer in the session; Claude's own WebFetch goes ahead as ever.
 */
import { z } from "zod";
import { allow, Blueprint, context, type PointerKind, pointAt } from "../hooks";
import { TaskStatus } from "../tasks/result";
import { allowedUrlOrNull } from "./allowlist";
import { documentContext } from "./context";
import { DOCUMENT_TTL_SECONDS, documentKey, documentLabel, fetchDocumentation } from "./documentation";
import type { FetchedDocument } from "./fetch-document";

/**
 * On the next prompt: a fetched page goes to Claude, one per prompt (a page is up to 5,000
 * characters; the rest wait for the prompts after). Only the fetch_documentation row of this
 * very URL is shown: anything else under the key is not.
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

export function prefetchWebFetches(): Blueprint {
  // Only this hook writes page pointers and pages: the REST API refuses to plant or take one.
  return new Blueprint().reserveKeys(documentPointers.prefix, "doc:").preTool(
    "WebFetch",
    async function prefetchDocumentation(event, { tasks, team, env }) {
      // Not an allowed origin: nothing is fetched here.
      const url = allowedUrlOrNull(event.tool_input.url, env);
      if (!url) return;
      url.hash = "";
      const key = await documentKey(url);
      // One call to the team's store, and the session's pointer beside it.
      await Promise.all([
        team.getOrAdd(fetchDocumentation, [url.href], { key, ttl: DOCUMENT_TTL_SECONDS, label: documentLabel(url) }),
        pointAt(tasks, documentPointers, url.href, { key, url: url.href }, DOCUMENT_TTL_SECONDS),
      ]);
    },
    // An event too large to read whole is not worth asking the user about: no prefetch, quietly.
    { whenCut: "skip" },
  );
}
