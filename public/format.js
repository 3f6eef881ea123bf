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

/** A long key (a content hash) shortened for a table; the whole key stays in its title and the detail. */
export function shortKey(key) {
  return key.length > 32 ? `${key.slice(0, 20)}…${key.slice(-8)}` : key;
}

/** A value or args as text: a string as it is, anything else as indented JSON. */
export function asText(value) {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}
