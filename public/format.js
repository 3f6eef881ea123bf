// Small helpers of the team page: finding and making elements, and writing times, durations
// and money as people read them.

export const $ = (selector) => document.querySelector(selector);

/** An element with attributes (null ones left out) and children (text or elements). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

export function ago(time) {
  const seconds = Math.max(0, Math.round((Date.now() - time) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} days ago`;
}

/** How long a run took, or has been running. */
export function duration(task) {
  if (!task.startedAt) return "";
  const end = task.finishedAt ?? Date.now();
  return `${((end - task.startedAt) / 1000).toFixed(1)} s`;
}

/** Dollars with the precision a figure needs: a review costs a fraction of a cent. */
export function money(usd) {
  if (usd === 0) return "$0";
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function dateTime(time) {
  return new Date(time).toLocaleString();
}

export function clock(time) {
  return new Date(time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * What a page must not show as it is: control characters and the invisible marks that reorder
 * or hide text (bidi overrides and isolates, the Arabic letter mark, tags). The same class as
 * labels are cleaned of (UNSHOWABLE in src/tasks/input.ts; a unit test holds the two equal).
 */
export const UNSHOWABLE = /[\p{Cc}\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/**
 * A key, or a session id, as the page shows it: a character that would disguise it is written
 * as its code point ("rlo-\u202Egnp.exe" shows as "rlo-⟨U+202E⟩gnp.exe"), so what is read is what is there.
 */
export function shown(text) {
  return text.replace(UNSHOWABLE, (char) => `⟨U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}

/** A long key (a content hash) shortened for a table; the whole key stays in its title and the detail. */
export function shortKey(key) {
  const text = shown(key);
  return text.length > 32 ? `${text.slice(0, 20)}…${text.slice(-8)}` : text;
}

/** A value or args as text: a string as it is, anything else as indented JSON. */
export function asText(value) {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}
