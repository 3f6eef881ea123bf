/**
 * A web page or document as text, fetched from an origin the deployment allows, within its
 * rate limit, with its body read up to a cap and HTML turned into its readable text. Redirects
 * are followed only to allowed origins (each hop counts against its origin's limit).
 */
import { capText } from "../hooks/output";
import { allowedUrl, FetchRefusedError } from "./allowlist";
import { htmlText, tidyText } from "./html-text";
import { takeFetchSlot } from "./rate-limit";

export const DOCUMENT_LIMITS = {
  /** Bytes of a body read at most; the rest is never downloaded. A long documentation page is ~1 MiB of HTML. */
  maxBytes: 2 * 1024 * 1024,
  /** Redirects followed (trailing slashes, http to https, moved pages), each to an allowed origin. */
  maxRedirects: 3,
  /** Characters of text kept by default: the guide's `response.text[:5000]`. */
  textMaxChars: 5000,
} as const;

/** What a fetch of a document yields, as stored (the documentation prefetch's task result). */
export interface FetchedDocument {
  /** The URL asked for. */
  url: string;
  /** Where the text came from, after redirects. */
  finalUrl: string;
  title: string | null;
  contentType: string;
  text: string;
  /** Bytes of the body read (at most DOCUMENT_LIMITS.maxBytes). */
  bytes: number;
  /** The body or the text was cut to its limit. */
  cut: boolean;
  fetchedAt: number;
}

/** A site's answer that holds no document (4xx, 5xx, not text): the site's doing, not the caller's. */
export class FetchFailedError extends Error {
  override name = "FetchFailed";
}

const TEXT_TYPES = /^(text\/[\w.+-]+|application\/(json|xml|xhtml\+xml|javascript|[\w.+-]+\+(json|xml)))$/i;
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)$/i;

export interface FetchOptions {
  env: Env | undefined;
  signal?: AbortSignal;
  /** Characters of text kept (default DOCUMENT_LIMITS.textMaxChars). */
  maxChars?: number;
}

export async function fetchDocument(url: string, options: FetchOptions): Promise<FetchedDocument> {
  let target = allowedUrl(url, options.env);
  for (let hop = 0; ; hop++) {
    await takeFetchSlot(options.env, target.origin);
    const res = await fetch(target, {
      redirect: "manual",
      signal: options.signal ?? null,
      headers: { accept: "text/html, text/plain;q=0.9, text/*;q=0.8, application/json;q=0.5" },
    });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      if (hop >= DOCUMENT_LIMITS.maxRedirects)
        throw new FetchFailedError(`${url} redirected more than ${DOCUMENT_LIMITS.maxRedirects} times`);
      const next = new URL(location, target).href;
      try {
        target = allowedUrl(next, options.env);
      } catch (error) {
        throw new FetchRefusedError(`${target.href} redirected to ${next}: ${(error as Error).message}`);
      }
      continue;
    }
    return readDocument(url, target, res, options.maxChars ?? DOCUMENT_LIMITS.textMaxChars);
  }
}

async function readDocument(url: string, target: URL, res: Response, maxChars: number): Promise<FetchedDocument> {
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!res.ok) {
    await res.body?.cancel();
    throw new FetchFailedError(`${target.href} answered ${res.status}`);
  }
  if (contentType && !TEXT_TYPES.test(contentType)) {
    await res.body?.cancel();
    throw new FetchFailedError(`${target.href} is ${contentType}, not text`);
  }
  const { bytes, cut: bodyCut } = await readCapped(res, DOCUMENT_LIMITS.maxBytes);
  const decoded = new TextDecoder(charsetOf(res.headers.get("content-type"))).decode(bytes);
  const { title, text } = HTML_TYPES.test(contentType) ? await htmlText(decoded) : { title: null, text: tidyText(decoded) };
  const kept = capText(text, maxChars);
  return {
    url,
    finalUrl: target.href,
    title,
    contentType: contentType || "text/plain",
    text: kept,
    bytes: bytes.byteLength,
    cut: bodyCut || kept !== text,
    fetchedAt: Date.now(),
  };
}

/** The body's first `maxBytes` bytes; the rest is not downloaded. */
async function readCapped(res: Response, maxBytes: number): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
    size += Math.min(value.byteLength, room);
    if (value.byteLength >= room) {
      cut = value.byteLength > room;
      if (!cut) {
        // Exactly full: cut only if more follows.
        const next = await reader.read();
        cut = !next.done;
      }
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, cut };
}

/** The charset a Content-Type names, when TextDecoder knows it; UTF-8 otherwise. */
function charsetOf(contentType: string | null): string {
  const label = /charset="?([\w-]+)"?/i.exec(contentType ?? "")?.[1];
  try {
    if (label) return new TextDecoder(label).encoding;
  } catch {
    // an unknown label: the web's default
  }
  return "utf-8";
}
