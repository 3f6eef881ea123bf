/**
 * Events over the size a hook reads whole (a 5 MB Write, a PostToolBatch of big files) still
 * get an answer: the body is streamed, each long string is cut to a preview with a marker, and
 * handlers get the event with `ctx.cut` naming the fields cut. Refusing the event (413) would
 * let the write through: Claude Code treats any failed hook as "no objection".
 */
import { LIMITS } from "../tasks/limits";

export const OVERSIZED = {
  /** Events up to this size reach handlers whole. */
  wholeMaxBytes: LIMITS.hookBodyMaxBytes,
  /** Over it, each string keeps this many characters. */
  keepChars: 8 * 1024,
  /** The event with its strings cut must fit in this (its structure alone is that big). */
  cutMaxChars: 2 * 1024 * 1024,
} as const;

const MARKER = (cut: number) => `\u2026[fasthooks: ${cut} more characters cut]`;
const MARKER_AT_END = /\u2026\[fasthooks: \d+ more characters cut\]$/;

export class EventTooLargeError extends Error {
  override name = "EventTooLargeError";
}

/** An event's JSON text as handlers get it, and whether strings were cut from it. */
export interface EventText {
  text: string;
  cut: boolean;
}

/** Reads a body: whole up to `wholeMaxBytes`, over it with each long string cut. */
export async function readEventText(body: ReadableStream<Uint8Array> | null): Promise<EventText> {
  if (!body) return { text: "", cut: false };
  const decoder = new TextDecoder();
  const whole: string[] = [];
  let bytes = 0;
  let cutter: StringCutter | undefined;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    if (cutter) {
      cutter.push(text);
      continue;
    }
    bytes += value.byteLength;
    whole.push(text);
    if (bytes > OVERSIZED.wholeMaxBytes) {
      cutter = new StringCutter();
      for (const part of whole.splice(0)) cutter.push(part);
    }
  }
  const rest = decoder.decode();
  if (!cutter) return { text: whole.join("") + rest, cut: false };
  cutter.push(rest);
  return cutter.finish();
}

/** As `readEventText`, for JSON text already in memory (TestClient). */
export function cutEventText(text: string): EventText {
  if (new TextEncoder().encode(text).byteLength <= OVERSIZED.wholeMaxBytes) return { text, cut: false };
  const cutter = new StringCutter();
  cutter.push(text);
  return cutter.finish();
}

/** The dotted paths of the strings that were cut in a parsed event ("tool_input.content"). */
export function cutPaths(value: unknown, path = ""): string[] {
  if (typeof value === "string") return MARKER_AT_END.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => cutPaths(item, path ? `${path}.${index}` : String(index)));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => cutPaths(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/**
 * Copies JSON text, keeping each string's first `keepChars` characters: a state machine over
 * chunks that scans with indexOf, so a 100 MB body costs little more than reading it. It never
 * cuts inside an escape or a surrogate pair, so what it writes is still valid JSON.
 */
class StringCutter {
  readonly #out: string[] = [];
  #outChars = 0;
  #inString = false;
  #kept = 0;
  #dropped = 0;
  #cutAny = false;
  /** An escape sequence split across chunks. */
  #pendingEscape = "";

  push(chunk: string) {
    let i = 0;
    if (this.#pendingEscape) {
      const needed = escapeLength(this.#pendingEscape + chunk) - this.#pendingEscape.length;
      this.#pendingEscape += chunk.slice(0, needed);
      i = Math.min(needed, chunk.length);
      if (this.#pendingEscape.length < escapeLength(this.#pendingEscape)) return;
      this.#stringText(this.#pendingEscape);
      this.#pendingEscape = "";
    }
    while (i < chunk.length) {
      if (!this.#inString) {
        const quote = chunk.indexOf('"', i);
        if (quote === -1) {
          this.#write(chunk.slice(i));
          return;
        }
        this.#write(chunk.slice(i, quote + 1));
        this.#inString = true;
        this.#kept = 0;
        this.#dropped = 0;
        i = quote + 1;
        continue;
      }
      const quote = chunk.indexOf('"', i);
      const backslash = chunk.indexOf("\\", i);
      const stopAt = backslash !== -1 && (quote === -1 || backslash < quote) ? backslash : quote;
      if (stopAt === -1) {
        this.#stringText(chunk.slice(i));
        return;
      }
      this.#stringText(chunk.slice(i, stopAt));
      if (stopAt === quote) {
        if (this.#dropped > 0) {
          this.#write(MARKER(this.#dropped));
          this.#cutAny = true;
        }
        this.#write('"');
        this.#inString = false;
        i = quote + 1;
        continue;
      }
      const sequence = chunk.slice(stopAt, stopAt + escapeLength(chunk.slice(stopAt, stopAt + 2)));
      if (sequence.length < escapeLength(sequence)) {
        this.#pendingEscape = sequence;
        return;
      }
      this.#stringText(sequence);
      i = stopAt + sequence.length;
    }
  }

  finish(): EventText {
    if (this.#pendingEscape) this.#write(this.#pendingEscape);
    return { text: this.#out.join(""), cut: this.#cutAny };
  }

  /** Characters inside a string (an escape sequence counts whole). */
  #stringText(text: string) {
    if (this.#dropped > 0 || text.length === 0) {
      this.#dropped += text.length;
      return;
    }
    const room = OVERSIZED.keepChars - this.#kept;
    if (text.length <= room) {
      this.#write(text);
      this.#kept += text.length;
      return;
    }
    // An escape is kept whole or not at all; plain text is cut, but not between a surrogate pair.
    let keep = text.startsWith("\\") ? 0 : room;
    if (keep > 0 && /[\uD800-\uDBFF]/.test(text[keep - 1]!)) keep--;
    this.#write(text.slice(0, keep));
    this.#kept += keep;
    this.#dropped += text.length - keep;
  }

  #write(text: string) {
    this.#outChars += text.length;
    if (this.#outChars > OVERSIZED.cutMaxChars) {
      throw new EventTooLargeError(
        `This event is over ${OVERSIZED.cutMaxChars} characters even with every string cut to ${OVERSIZED.keepChars}`,
      );
    }
    this.#out.push(text);
  }
}

/** The length of the escape sequence `text` starts with ("\n": 2, "\u00e9": 6). */
function escapeLength(text: string): number {
  return text[1] === "u" ? 6 : 2;
}
