// What `install` records in our config files: the Worker's URL, where the shim and the CLI look
// for it (config.ts), and the user's consent to send their token to it. Edited as text, the rest
// of each file kept as it was.
import { isLocalHost } from "./config";
import { readTextFile, writeFileAtomically } from "./file-write";
import { editJson, parseObjectText } from "./json-text";

export interface ConfigChange {
  path: string;
  /** What the change is, for the user; undefined when the file already says it. */
  change?: string;
  text: string;
  before: string;
}

/** `url` as the file's Worker URL. */
export function withUrl(path: string, url: string): ConfigChange {
  const before = readTextFile(path);
  const current = parseObjectText(path, before).url;
  if (current === url) return { path, text: before, before };
  const change = typeof current === "string" ? `url ${url} (was ${current})` : `url ${url}`;
  return { path, change, text: editJson(before, ["url"], url), before };
}

/**
 * `url`'s origin among the user's trustedUrls, which lets a project file's URL receive the
 * user's token (config.ts). Running `install` for that URL is the consent. This machine needs
 * none, so it is not written.
 */
export function withTrustedUrl(userPath: string, url: string): ConfigChange {
  const before = readTextFile(userPath);
  const { origin, hostname } = new URL(url);
  const settings = parseObjectText(userPath, before);
  const trusted = settings.trustedUrls;
  if (isLocalHost(hostname) || safeOrigin(settings.url) === origin) return { path: userPath, text: before, before };
  if (trusted !== undefined && !Array.isArray(trusted)) {
    throw new Error(`${userPath}: "trustedUrls" is not a list of URLs; fix it first, nothing was changed`);
  }
  if ((trusted ?? []).some((candidate) => safeOrigin(candidate) === origin)) return { path: userPath, text: before, before };
  const text =
    trusted === undefined ? editJson(before, ["trustedUrls"], [origin]) : editJson(before, ["trustedUrls", trusted.length], origin, true);
  return { path: userPath, change: `trustedUrls + ${origin} (your token may go there)`, text, before };
}

function safeOrigin(url: unknown): string | undefined {
  try {
    return typeof url === "string" ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a change (unless it changes nothing); says what it did. */
export function applyConfigChange(change: ConfigChange, out: (line: string) => void): void {
  if (change.change === undefined) return;
  writeFileAtomically(change.path, change.text);
  out(`${change.path}: ${change.change}`);
}
