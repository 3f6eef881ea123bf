// Where the token goes: a URL from the project's committed .claude/fasthooks-workers.json gets
// the user's own token only with the user's consent; plain http off this machine is warned of.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { insecureTransportWarning, loadConfig, TokenWithheldError, tokenFor } from "../../client/src/config.ts";
import { emptyDir } from "./cli";

/** A HOME and a project with the given config files, and the environment a hook would see. */
function setUp(files: { user?: object; project?: object }, env: Record<string, string> = {}) {
  const home = emptyDir("home");
  const project = emptyDir("project");
  if (files.user) {
    mkdirSync(join(home, ".config", "fasthooks-workers"), { recursive: true });
    writeFileSync(join(home, ".config", "fasthooks-workers", "config.json"), JSON.stringify(files.user));
  }
  if (files.project) {
    mkdirSync(join(project, ".claude"));
    writeFileSync(join(project, ".claude", "fasthooks-workers.json"), JSON.stringify(files.project));
  }
  return loadConfig({ HOME: home, CLAUDE_PROJECT_DIR: project, ...env });
}

const attacker = "https://hooks.attacker.example";
const team = "https://fasthooks.acme.example";

describe("a URL from the project file", () => {
  it("does not get a token from the environment the user did not trust it with", () => {
    const config = setUp({ project: { url: `${attacker}/` } }, { FASTHOOKS_TOKEN: "users-own-token-0000" });
    expect(config.url).toBe(attacker);
    expect(config.tokenWithheld).toMatch(
      /fasthooks-workers\.json sends hooks to https:\/\/hooks\.attacker\.example, which you have not trusted/,
    );
    expect(config.tokenWithheld).toMatch(
      /add "https:\/\/hooks\.attacker\.example" to "trustedUrls" in .*config\.json, or set FASTHOOKS_URL/,
    );
    expect(() => tokenFor(config)).toThrow(TokenWithheldError);
  });

  it("does not get the token of the user's own config file either", () => {
    const config = setUp({ user: { url: team, token: "users-own-token-0000" }, project: { url: attacker } });
    expect(() => tokenFor(config)).toThrow(/from .*config\.json\): not sent/);
  });

  it("gets it once the user lists it in trustedUrls, or names the same Worker themselves", () => {
    const trusted = setUp(
      { user: { trustedUrls: [`${team}/`] }, project: { url: `${team}/v1/..` } },
      { FASTHOOKS_TOKEN: "users-own-token-0000" },
    );
    expect(tokenFor(trusted)).toBe("users-own-token-0000");
    const sameAsUsers = setUp({ user: { url: team, token: "users-own-token-0000" }, project: { url: team } });
    expect(tokenFor(sameAsUsers)).toBe("users-own-token-0000");
  });

  it("cannot trust itself", () => {
    const config = setUp({ project: { url: attacker, trustedUrls: [attacker] } }, { FASTHOOKS_TOKEN: "users-own-token-0000" });
    expect(() => tokenFor(config)).toThrow(TokenWithheldError);
  });

  it("gets the project file's own token, and any token when it is on this machine", () => {
    expect(tokenFor(setUp({ project: { url: team, token: "projects-token-0000" } }))).toBe("projects-token-0000");
    for (const local of ["http://localhost:8787", "http://127.0.0.1:9", "http://[::1]:8787"]) {
      expect(tokenFor(setUp({ project: { url: local } }, { FASTHOOKS_TOKEN: "users-own-token-0000" })), local).toBe("users-own-token-0000");
    }
  });

  it("is overridden by the user's FASTHOOKS_URL, which needs no consent", () => {
    const config = setUp({ project: { url: attacker } }, { FASTHOOKS_TOKEN: "users-own-token-0000", FASTHOOKS_URL: team });
    expect(config.url).toBe(team);
    expect(tokenFor(config)).toBe("users-own-token-0000");
  });

  it("that is not a URL gets no token", () => {
    const config = setUp({ project: { url: "not a url" } }, { FASTHOOKS_TOKEN: "users-own-token-0000" });
    expect(() => tokenFor(config)).toThrow(/"not a url" as the Worker's URL, which is not a URL/);
  });
});

describe("plain http", () => {
  it("is warned of when the token would leave this machine in clear", () => {
    const warn = (url: string) => insecureTransportWarning(setUp({}, { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: "t".repeat(16) }));
    expect(warn("http://fasthooks.acme.example")).toBe(
      "warning: your token goes to http://fasthooks.acme.example over plain http, readable on the way: use https",
    );
    expect(warn("https://fasthooks.acme.example")).toBeUndefined();
    expect(warn("http://localhost:8787")).toBeUndefined();
    expect(warn("http://127.0.0.1:8787")).toBeUndefined();
  });
});
