// The README's table of error codes is the API's list, and the list is the README's table: a
// code added on one side only fails here.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ERROR_CODES } from "../../src/api/errors";

function readmeCodes(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("### Error codes"), readme.indexOf("\n## ", readme.indexOf("### Error codes")));
  return [...section.matchAll(/^\| `([a-z_]+)` \| \d{3} \|/gm)].map((match) => match[1]!);
}

it("lists in the README exactly the codes the API answers with, in the same order", () => {
  expect(readmeCodes()).toEqual([...ERROR_CODES]);
});
