/**
 * A text's search terms: what a prompt is reduced to before it is searched (and stored, as the
 * search task's args), and the FTS5 query made of them.
 */
import { MEMORY_LIMITS } from "./limits";

// Words that say nothing about a topic. A short English list: BM25 weighs common words down
// anyway, but they would still match nearly every memory and fill the result.
const STOPWORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by
  can could did do does doing done down during each else few for from further get got had has have having he her here
  hers him his how i if in into is it its itself just let like make me more most my myself need no nor not now of off
  on once only or other our ours out over own please same she should so some such than that the their theirs them
  then there these they this those through to too under until up us use very want was we were what when where which
  while who whom why will with would you your yours yourself`.split(/\s+/),
);

/** FTS5's unicode61 tokenizer splits on everything but letters and digits: the same split here. */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The distinct words of `text` that can say what it is about, lowercased, in the order they
 * first appear: no stopwords, no single characters, at most MEMORY_LIMITS.queryMaxTerms.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const [word] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    if (word.length < 2 || word.length > 40 || STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    terms.push(word);
    if (terms.length === MEMORY_LIMITS.queryMaxTerms) break;
  }
  return terms;
}

/** A prompt as the memory search takes it: its terms, space-separated; "" when it has none. */
export function searchQuery(prompt: string): string {
  return searchTerms(prompt).join(" ").slice(0, MEMORY_LIMITS.queryMaxChars);
}

/**
 * The FTS5 MATCH expression for terms: any of them (OR), each quoted so that no word is read
 * as an operator (NOT, NEAR) or a column filter. Terms hold letters and digits only.
 */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((term) => `"${term}"`).join(" OR ");
}
