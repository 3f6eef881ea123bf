// `fasthooks-workers memory add/ls/search/rm` against a real local Worker: a note kept in the
// member's name with its project's base name, the team's and one's own seen, removal by its
// adder or an admin, usage errors before anything is sent.
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { emptyDir, runCli } from "./cli";
import { ALICE, BOB, CAROL } from "./tokens";

const url = inject("workerUrl");
const as = (token: string) => ({ FASTHOOKS_URL: url, FASTHOOKS_TOKEN: token });
const ADMIN = "client-test-token-admin";

/** A project directory named `name`, as a member's checkout. */
function project(name: string): string {
  const dir = join(emptyDir("memory"), name);
  mkdirSync(dir);
  return dir;
}

describe("memory", () => {
  it("adds a note in the member's name, with the project's base name, for the team to find", async () => {
    const dir = project("storefront");
    const added = await runCli(["memory", "add", "The", "storefront", "cache is purged on each deploy", "--json"], {
      env: as(ALICE),
      cwd: dir,
    });
    expect(added.code, added.stderr).toBe(0);
    const { memory } = JSON.parse(added.stdout);
    expect(memory).toMatchObject({
      text: "The storefront cache is purged on each deploy",
      member: "alice",
      scope: "team",
      project: "storefront",
    });
    expect(JSON.stringify(memory)).not.toContain(dir);

    const listed = await runCli(["memory", "ls"], { env: as(BOB) });
    const [header, ...rows] = listed.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+MEMBER\s+SCOPE\s+SOURCE\s+PROJECT\s+ADDED\s+UNTIL\s+TEXT$/);
    expect(rows.find((row) => row.startsWith(memory.id))).toMatch(
      /\s+alice\s+team\s+note\s+storefront\s+\d+s ago\s+\d{4}-\d{2}-\d{2}\s+The storefront cache is purged on each deploy$/,
    );
    const found = await runCli(["memory", "search", "storefront", "cache", "--json"], { env: as(BOB) });
    expect(JSON.parse(found.stdout).hits.map((hit: { id: string }) => hit.id)).toContain(memory.id);
    // Another team sees nothing of it.
    expect(JSON.parse((await runCli(["memory", "search", "storefront", "--json"], { env: as(CAROL) })).stdout)).toEqual({ hits: [] });
  });

  it("keeps a --private note from teammates, for as many --days as asked", async () => {
    const added = await runCli(["memory", "add", "my review checklist lives in notes.md", "--private", "--days", "7"], {
      env: as(ALICE),
      cwd: project("tools"),
    });
    expect(added.stdout).toMatch(/^[0-9a-f-]{36} added, kept for you alone, until \d{4}-\d{2}-\d{2}\n$/);
    const id = added.stdout.slice(0, 36);
    expect((await runCli(["memory", "ls", "--private"], { env: as(ALICE) })).stdout).toContain(id);
    expect((await runCli(["memory", "ls"], { env: as(BOB) })).stdout).not.toContain(id);
    expect((await runCli(["memory", "ls", "--mine", "--json"], { env: as(ALICE) })).stdout).toContain(id);
  });

  it("removes a note by its adder or an admin, not by a teammate", async () => {
    const id = (await runCli(["memory", "add", "temporary note about the load balancer"], { env: as(ALICE) })).stdout.slice(0, 36);
    const refused = await runCli(["memory", "rm", id], { env: as(BOB) });
    expect(refused).toMatchObject({ code: 5, stdout: "" });
    expect(refused.stderr).toBe("fasthooks-workers: Only the member who added a memory, or an admin, may remove it\n");
    expect(await runCli(["memory", "rm", id], { env: as(ADMIN) })).toEqual({ code: 0, stdout: `${id} removed\n`, stderr: "" });
    expect((await runCli(["memory", "rm", id], { env: as(ALICE) })).stderr).toContain(`No memory ${id}`);
  });

  it("removes every note of a member with --all", async () => {
    await runCli(["memory", "add", "bob's first note on flags"], { env: as(BOB) });
    await runCli(["memory", "add", "bob's second note on flags", "--private"], { env: as(BOB) });
    expect(await runCli(["memory", "rm", "--all", "--member", "bob"], { env: as(ALICE) })).toMatchObject({ code: 5 });
    const removed = await runCli(["memory", "rm", "--all"], { env: as(BOB) });
    expect(removed.stdout).toMatch(/^\d+ memories of bob removed\n$/);
    expect((await runCli(["memory", "ls", "--member", "bob"], { env: as(BOB) })).stdout).toBe("No memories.\n");
  });

  it("refuses a command line it does not take, sending nothing", async () => {
    expect(await runCli(["memory", "add"], { env: as(ALICE) })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("memory add needs the text"),
    });
    expect(await runCli(["memory", "add", "x", "--days", "0"], { env: as(ALICE) })).toMatchObject({ code: 2 });
    expect(await runCli(["memory", "rm"], { env: as(ALICE) })).toMatchObject({ code: 2 });
    expect(await runCli(["memory", "frobnicate"], { env: as(ALICE) })).toMatchObject({ code: 2 });
    expect((await runCli(["memory", "--help"])).stdout).toContain("memory add TEXT...");
  });
});
