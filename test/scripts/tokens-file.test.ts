// The tokens file `npm run deploy --tokens` checks before uploading it as FASTHOOKS_TOKENS.
import { describe, expect, it } from "vitest";
import { SECRET_MAX_BYTES, TokensFileError, validateTokensFile } from "../../scripts/deploy/tokens-file.ts";

const ADA = "3f9c2a7e5b1d4c8a9e0f6b2d7a1c5e3f";
const BOB = "b7e1d9c3a5f2e8d4c6b0a9f1e3d7c5b2";

function problemsOf(table: unknown): string[] {
  try {
    validateTokensFile(typeof table === "string" ? table : JSON.stringify(table));
  } catch (error) {
    if (error instanceof TokensFileError) return error.problems;
    throw error;
  }
  throw new Error("the table was accepted");
}

describe("validateTokensFile", () => {
  it("accepts a team's table and gives it back compact, with its counts", () => {
    const file = `{\n  "${ADA}": { "team": "acme", "member": "ada", "admin": true },\n  "${BOB}": { "team": "acme", "member": "bob" }\n}\n`;
    const table = validateTokensFile(file);
    expect(table).toEqual({ json: JSON.stringify(JSON.parse(file)), bytes: table.json.length, members: 2, admins: 1 });
    // base64 tokens (openssl rand -base64 32) are fine in a Bearer header.
    expect(validateTokensFile(JSON.stringify({ "q3Zp+/0a9x7K2mVb1cR8tY4wL6nE5sD0fG7hJ3kM2o=": { team: "t", member: "m" } })).members).toBe(
      1,
    );
  });

  it.each([
    ["not JSON", `{"${ADA}": {"team": "acme",}`, /not JSON/],
    ["an array", [{ team: "acme", member: "ada" }], /must be an object/],
    ["null", null, /must be an object/],
    ["empty", {}, /holds no token/],
    ["the public dev token", { "fasthooks-dev-token": { team: "local", member: "dev" } }, /"dev" \(team "local"\) is the public dev token/],
    ["a short token", { "0123456789abcde": { team: "acme", member: "ada" } }, /"ada" \(team "acme"\) is shorter than 16/],
    ["a token a header cannot carry", { "0123456789abcdef 012": { team: "acme", member: "ada" } }, /Authorization header cannot carry/],
    ["no member", { [ADA]: { team: "acme" } }, /entry #1: member must be a string/],
    ["an empty team", { [ADA]: { team: "", member: "ada" } }, /team must not be empty/],
    ["a long member name", { [ADA]: { team: "acme", member: "m".repeat(129) } }, /member must be at most 128/],
    ["a control character", { [ADA]: { team: "ac\u0007me", member: "ada" } }, /team must not contain control characters/],
    ["half an emoji", { [ADA]: { team: "acme", member: "\ud83d" } }, /member must be well-formed Unicode/],
    ["admin as a string", { [ADA]: { team: "acme", member: "ada", admin: "true" } }, /"ada" \(team "acme"\): admin must be true or false/],
    ["an entry that is not an object", { [ADA]: "acme/ada" }, /entry #1: the entry must be/],
  ])("refuses %s", (_what, table, problem) => {
    const problems = problemsOf(table);
    expect(problems.join("\n")).toMatch(problem);
    expect(problems.join("\n")).not.toContain(ADA);
  });

  it("lists every problem at once, naming entries but never their tokens", () => {
    const problems = problemsOf({
      "tiny-tok": { team: "acme", member: "bob" },
      [ADA]: { team: "acme" },
      "fasthooks-dev-token": { team: "local", member: "dev" },
    });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).not.toMatch(/tiny-tok|3f9c2a7e/);
  });

  it(`refuses a table over the ${SECRET_MAX_BYTES} bytes a Cloudflare secret may hold, counting UTF-8 bytes`, () => {
    const member = (i: number) => [`${i}`.padStart(32, "0"), { team: "acme", member: `m${i}` }] as const;
    const fits = Object.fromEntries(Array.from({ length: 60 }, (_, i) => member(i)));
    expect(validateTokensFile(JSON.stringify(fits)).bytes).toBeLessThanOrEqual(SECRET_MAX_BYTES);
    const tooMany = Object.fromEntries(Array.from({ length: 120 }, (_, i) => member(i)));
    expect(problemsOf(tooMany).join("\n")).toMatch(/bytes of JSON, over the 5000/);
    // Pretty-printing does not count: the compact JSON is what is uploaded and measured.
    expect(validateTokensFile(JSON.stringify(fits, null, 8)).bytes).toBe(JSON.stringify(fits).length);
    const wide = { [ADA]: { team: "é".repeat(100), member: "ü".repeat(100) } };
    expect(validateTokensFile(JSON.stringify(wide)).bytes).toBe(new TextEncoder().encode(JSON.stringify(wide)).length);
  });
});
