/**
 * The readable text of an HTML page, with the Workers runtime's own streaming HTML parser
 * (HTMLRewriter): no scripts, styles or other markup, a line break at each block, the title
 * apart. Entities are decoded; whitespace is collapsed.
 */

/** Elements whose content is no text a reader sees. */
const SKIPPED = "script, style, noscript, template, svg, math, iframe, object, canvas, title";
/** Elements that start a line. */
const BLOCKS =
  "p, div, li, ul, ol, dl, dt, dd, h1, h2, h3, h4, h5, h6, tr, table, pre, blockquote, section, article, header, footer, nav, main, aside, figure, figcaption, form";
/** Void elements that break a line: they have no end tag. */
const BREAKS = "br, hr";

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…" };

/** HTMLRewriter hands text as written: the common entities, decoded. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** Text of a page as lines: runs of spaces made one, blank lines collapsed, ends trimmed. */
export function tidyText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The page with its markup taken out: skipped elements go whole, every other element leaves its
 * content, each block leaves line breaks around it. Output is read rather than text handlers'
 * chunks, so an element written self-closing or left unclosed cannot swallow the rest.
 */
export async function htmlText(html: string): Promise<{ title: string | null; text: string }> {
  let title = "";
  const rewritten = await new HTMLRewriter()
    .on("title", {
      text(chunk) {
        title += chunk.text;
      },
    })
    .on(SKIPPED, {
      element(element) {
        element.remove();
      },
    })
    .on(`${BLOCKS}, ${BREAKS}`, {
      element(element) {
        element.before("\n");
        element.after("\n");
      },
    })
    .on("*", {
      element(element) {
        if (!element.removed) element.removeAndKeepContent();
      },
    })
    .onDocument({
      comments(comment) {
        comment.remove();
      },
    })
    .transform(new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }))
    .text();
  const cleanTitle = tidyText(decodeEntities(title)).replace(/\n/g, " ");
  const text = rewritten.replace(/^\s*<!doctype[^>]*>/i, "");
  // A block's breaks on both sides: one line per block, no blank lines between.
  return { title: cleanTitle || null, text: tidyText(decodeEntities(text)).replace(/\n{2,}/g, "\n") };
}
