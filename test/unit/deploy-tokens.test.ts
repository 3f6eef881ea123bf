// The deploy script checks FASTHOOKS_TOKENS with rules of its own (a plain Node script cannot
// import the Worker's parser): these tests keep them the Worker's rules, on a deployed Worker.
import { describe, expect, it } from "vitest";
import { DEV_TOKEN as SCRIPT_DEV_TOKEN, validateTokensFile } from "../../scripts/deploy/tokens-file";
import { DEV_TOKEN, parseTokens } from "../../src/api/tokens";

const TOKEN = "3f9c2a7e5b1d4c8a9e0f6b2d7a1c5e3f";

/** A deployed Worker would use every token in the table, with no warning. */
function workerAccepts(source: string): boolean {
  try {
    const { members, warnings } = parseTokens(source, false);
    return warnings.length === 0 && members.length === Object.keys(JSON.parse(source)).length;
  } catch {
    return false;
  }
}

function scriptAccepts(source: string): boolean {
  try {
    validateTokensFile(source);
    return true;
  } catch {
    return false;
  }
}

describe("the deploy script's token checks and the Worker's", () => {
  it("know the same public dev token", () => {
    expect(SCRIPT_DEV_TOKEN).toBe(DEV_TOKEN);
  });

  it.each([
    ["a valid table", { [TOKEN]: { team: "acme", member: "ada" } }],
    ["an admin", { [TOKEN]: { team: "acme", member: "ada", admin: true } }],
    ["admin false", { [TOKEN]: { team: "acme", member: "ada", admin: false } }],
    ["an extra field", { [TOKEN]: { team: "acme", member: "ada", email: "ada@example.com" } }],
    ["names of 128 characters", { [TOKEN]: { team: "t".repeat(128), member: "m".repeat(128) } }],
    ["an emoji in a name", { [TOKEN]: { team: "acme 🚀", member: "ada" } }],
    ["the dev token", { [DEV_TOKEN]: { team: "local", member: "dev" } }],
    ["a 15-character token", { "0123456789abcde": { team: "acme", member: "ada" } }],
    ["a missing team", { [TOKEN]: { member: "ada" } }],
    ["a numeric member", { [TOKEN]: { team: "acme", member: 7 } }],
    ["an empty member", { [TOKEN]: { team: "acme", member: "" } }],
    ["a 129-character team", { [TOKEN]: { team: "t".repeat(129), member: "ada" } }],
    ["a control character", { [TOKEN]: { team: "acme\n", member: "ada" } }],
    ["a lone surrogate", { [TOKEN]: { team: "acme", member: "\udc00" } }],
    ["admin as a string", { [TOKEN]: { team: "acme", member: "ada", admin: "yes" } }],
    ["an entry that is a string", { [TOKEN]: "acme" }],
    ["an entry that is null", { [TOKEN]: null }],
    ["an array", [{ team: "acme", member: "ada" }]],
    ["a string", "acme"],
  ])("agree on %s", (_what, table) => {
    const source = JSON.stringify(table);
    expect(scriptAccepts(source)).toBe(workerAccepts(source));
  });

  it.each([
    ["an empty table, which no member could use", {}],
    ["a token an Authorization header cannot carry", { "0123456789abcdef 0123": { team: "acme", member: "ada" } }],
  ])("the script alone refuses %s", (_what, table) => {
    const source = JSON.stringify(table);
    expect(workerAccepts(source)).toBe(true);
    expect(scriptAccepts(source)).toBe(false);
  });
});
