// The likeliest bug in a team's handler is a `tasks.add(...)` left un-awaited: the Worker answers
// the hook and drops the add. The project's own lint config must refuse it (type-aware: the
// Tasks type comes from another module, through the handler's context).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const FIXTURE = "test/lint/fixtures/unawaited-add.ts";

interface Report {
  diagnostics: { category: string; location: { path: string; start: { line: number } } }[];
}

function lint(): Report {
  try {
    execFileSync("node_modules/.bin/biome", ["lint", "--config-path=test/lint/lint-fixtures.json", "--reporter=json", FIXTURE], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    // Biome exits 1 when it finds errors: the report is on stdout all the same.
    return JSON.parse((error as { stdout: string }).stdout) as Report;
  }
  throw new Error(`biome found nothing wrong in ${FIXTURE}`);
}

// Biome type-checks the fixture in a process of its own: a second on a quiet machine, more on a busy one.
it("fails on every un-awaited tasks.add in a handler, and only there", { timeout: 60_000 }, () => {
  const flagged = lint().diagnostics.map((diagnostic) => [diagnostic.category, diagnostic.location.start.line]);
  const lines = readFileSync(FIXTURE, "utf8").split("\n");
  const marked = lines.flatMap((line, index) => (line.includes("// flagged") ? [index + 1] : []));
  expect(marked).toHaveLength(3);
  expect(flagged).toEqual(marked.map((line) => ["lint/nursery/noFloatingPromises", line]));
});
