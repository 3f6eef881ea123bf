// Reading events over the size read whole: long strings cut to a valid preview, whatever the
// chunking of the body (escapes, surrogate pairs and UTF-8 sequences split across chunks).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutEventText, cutPaths, EventTooLargeError, OVERSIZED, readEventText } from "../../src/hooks/oversized";

const MARKER = /\u2026\[fasthooks: \d+ more characters cut\]$/;

function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return new ReadableStream({
    start(controller) {
      let from = 0;
      for (const point of [...points, bytes.length]) {
        if (point > from) controller.enqueue(bytes.slice(from, point));
        from = Math.max(from, point);
      }
      controller.close();
    },
  });
}

/** Every string of `cut` is its counterpart in `whole`, or a prefix of it with the marker. */
function expectCutFrom(cut: unknown, whole: unknown, path = "") {
  if (typeof whole === "string") {
    expect(typeof cut, path).toBe("string");
    const text = cut as string;
    if (text === whole) return;
    expect(text, path).toMatch(MARKER);
    expect(whole.startsWith(text.replace(MARKER, "")), path).toBe(true);
    return;
  }
  if (Array.isArray(whole)) {
    expect((cut as unknown[]).length, path).toBe(whole.length);
    for (const [index, item] of whole.entries()) expectCutFrom((cut as unknown[])[index], item, `${path}.${index}`);
    return;
  }
  if (whole && typeof whole === "object") {
    expect(Object.keys(cut as object), path).toEqual(Object.keys(whole));
    for (const [key, item] of Object.entries(whole)) expectCutFrom((cut as Record<string, unknown>)[key], item, `${path}.${key}`);
    return;
  }
  expect(cut, path).toEqual(whole);
}

const awkwardText = fc.string({
  unit: fc.constantFrom("a", " ", '"', "\\", "\n", "\u0001", "é", "\u{1F600}", "\u2028", "/"),
  maxLength: 40,
});

describe("an event over the size read whole", () => {
  it("keeps its structure, cuts each long string to a preview, and says which", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          hook_event_name: fc.constant("PreToolUse"),
          tool_input: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(awkwardText, fc.integer(), fc.boolean())),
          fields: fc.array(fc.tuple(awkwardText, fc.integer({ min: 1, max: 3000 })), { maxLength: 8 }),
        }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async ({ hook_event_name, tool_input, fields }, cuts) => {
          const event = {
            hook_event_name,
            tool_input: {
              ...tool_input,
              content: "x".repeat(OVERSIZED.wholeMaxBytes),
              ...Object.fromEntries(fields.map(([text, times], index) => [`f${index}`, text.repeat(times)])),
            },
          };
          const bytes = new TextEncoder().encode(JSON.stringify(event));
          const { text, cut } = await readEventText(streamOf(bytes, cuts));
          expect(cut).toBe(true);
          const parsed = JSON.parse(text);
          expectCutFrom(parsed, event);
          expect(cutPaths(parsed)).toContain("tool_input.content");
          expect(parsed.tool_input.content.replace(MARKER, "")).toHaveLength(OVERSIZED.keepChars);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("reads an event under the size whole, however it is chunked", async () => {
    const event = { hook_event_name: "PreToolUse", tool_input: { content: 'é\u{1F600}\\"'.repeat(100_000) } };
    const bytes = new TextEncoder().encode(JSON.stringify(event));
    const { text, cut } = await readEventText(streamOf(bytes, [1, 2, 3, 7, 1000, 99_999]));
    expect(cut).toBe(false);
    expect(JSON.parse(text)).toEqual(event);
    expect(cutEventText(JSON.stringify(event))).toEqual({ text: JSON.stringify(event), cut: false });
  });

  it("refuses one whose structure alone is too big", () => {
    const event = { tool_calls: Array.from({ length: OVERSIZED.cutMaxChars / 2 }, () => 1) };
    expect(() => cutEventText(JSON.stringify(event))).toThrow(EventTooLargeError);
  });
});
