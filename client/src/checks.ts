// `doctor`'s findings: every check it ran, passed or not, one line each, then a summary.

/** A check passed, found something worth knowing that breaks nothing, or found something to fix. */
export type Outcome = "pass" | "note" | "problem";

export interface Finding {
  outcome: Outcome;
  text: string;
}

const MARK: Record<Outcome, string> = { pass: "✓", note: "!", problem: "✗" };

export class Findings {
  readonly all: Finding[] = [];

  pass(text: string): void {
    this.all.push({ outcome: "pass", text });
  }

  note(text: string): void {
    this.all.push({ outcome: "note", text });
  }

  problem(text: string): void {
    this.all.push({ outcome: "problem", text });
  }

  add(findings: Finding[]): void {
    this.all.push(...findings);
  }

  count(outcome: Outcome): number {
    return this.all.filter((finding) => finding.outcome === outcome).length;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The lines to print: one per finding, then the summary. */
export function render(findings: Findings, allGood: string): string[] {
  const lines = findings.all.map(({ outcome, text }) => `${MARK[outcome]} ${text}`);
  const problems = findings.count("problem");
  const notes = findings.count("note");
  const noted = notes ? `, ${plural(notes, "note")}` : "";
  lines.push(
    problems ? `${plural(problems, "problem")}${noted}: fix the lines marked ${MARK.problem}.` : `No problems${noted}: ${allGood}`,
  );
  return lines;
}
