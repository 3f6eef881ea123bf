// `doctor` against real local Workers: every check printed, passed or not, then a summary; exit 1
// only for a problem. A correct local setup without the optional Anthropic key passes.
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { FIXTURE_WORKER, startLocalWorker } from "../support/local-worker.ts";
import { emptyDir, runCli } from "./cli";
import { ALICE } from "./tokens";

const url = inject("workerUrl");

/** A HOME and a project of their own, and the env that points the CLI at `worker` with ALICE's token. */
function setup(worker = url, extra: Record<string, string> = {}) {
  const home = emptyDir("home");
  const project = emptyDir("project");
  const env = { HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_URL: worker, FASTHOOKS_TOKEN: ALICE, ...extra };
  const cli = (...args: string[]) => runCli(args, { env, cwd: project });
  return { project, cli, settingsPath: join(project, ".claude", "settings.json") };
}

/** What the Worker's app handles, as doctor's lines name them. */
async function hookedLines(worker = url): Promise<string[]> {
  const res = await fetch(`${worker}/v1/hooks/events`, { headers: { authorization: `Bearer ${ALICE}` } });
  const { events } = (await res.json()) as { events: { event: string; matcher?: string }[] };
  return events.map(({ event, matcher }) => (matcher ? `${event}(${matcher})` : event));
}

describe("doctor", () => {
  it("prints every check with ✓, then a summary, and exits 0 when all pass", async () => {
    const { cli } = setup();
    await cli("install");
    const run = await cli("doctor");
    expect(run).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `✓ URL ${url} (from FASTHOOKS_URL)`,
        "✓ token from FASTHOOKS_TOKEN",
        `✓ our Worker answers at ${url}: a deployed one`,
        "✓ the Worker's tokens: set",
        "✓ the Worker's anthropicApiKey: set",
        "✓ the Worker's modelAliases: set",
        "✓ this clock agrees with the Worker's",
        "✓ the Worker takes the token from FASTHOOKS_TOKEN",
        ...(await hookedLines()).map((name) => `✓ ${name} is hooked (project settings)`),
        `No problems: ${url} answers, the token works, the hooks are installed.`,
        "",
      ].join("\n"),
    });
  });

  it("finds the hooks not installed, and once installed, installed hooks the app has since outgrown", async () => {
    const { cli, settingsPath } = setup();
    const names = await hookedLines();
    const before = await cli("doctor");
    expect(before.code).toBe(1);
    expect(before.stdout.split("\n").filter((line) => line.startsWith("✗"))).toEqual(
      names.map((name) => `✗ ${name} is not hooked: run \`fasthooks-workers install\``),
    );
    expect(before.stdout).toMatch(new RegExp(`\\n${names.length} problems: fix the lines marked ✗\\.\\n$`));

    // As after the team added a handler: the installed matcher is an older, narrower one, and
    // one event the app handles now was not installed at all.
    await cli("install");
    const settings = JSON.parse(readFileSync(settingsPath, "utf8"));
    const [withMatcher] = Object.entries(settings.hooks as Record<string, { matcher?: string }[]>).filter(
      ([, groups]) => groups[0]!.matcher,
    );
    const [event, groups] = withMatcher!;
    const current = groups[0]!.matcher!;
    groups[0]!.matcher = "NotebookEdit";
    const dropped = Object.keys(settings.hooks).find((name) => name !== event)!;
    delete settings.hooks[dropped];
    writeFileSync(settingsPath, JSON.stringify(settings));
    const stale = await cli("doctor");
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(
      `✗ ${event}(${current}): installed for "NotebookEdit", but the Worker's app now handles "${current}": run \`fasthooks-workers install\` again\n`,
    );
    expect(stale.stdout).toMatch(new RegExp(`✗ ${dropped}(\\(.*\\))? is not hooked: run \`fasthooks-workers install\`\\n`));
    await cli("install");
    expect((await cli("doctor")).code).toBe(0);
  });

  it("passes a correct local setup without the optional Anthropic key: a note, with where the key goes locally", async () => {
    const local = await startLocalWorker({ [ALICE]: { team: "t", member: "alice" } }, { FASTHOOKS_LOCAL: "1" }, FIXTURE_WORKER);
    try {
      const { cli } = setup(local.url.origin);
      await cli("install");
      const run = await cli("doctor");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`✓ our Worker answers at ${local.url.origin}: a local one (\`npm start\`)\n`);
      expect(run.stdout).toContain(
        "! the Worker's anthropicApiKey: missing (only Claude tasks need it): add ANTHROPIC_API_KEY=sk-ant-... to .dev.vars, then restart `npm start`\n",
      );
      expect(run.stdout).toMatch(/\nNo problems, 1 note: .* the hooks are installed\.\n$/);
    } finally {
      await local.dispose();
    }
  });

  it("reports a refused token, naming the variable it came from", async () => {
    const { cli } = setup(url, { FASTHOOKS_TOKEN: "bad-token-00000000" });
    const run = await cli("doctor");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `✗ ${url} refused the token from FASTHOOKS_TOKEN: Unknown token. Check it against FASTHOOKS_TOKENS on the Worker\n`,
    );
  });

  it("reports a missing token, and a URL where nothing of ours answers, never printing what answered there", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<!DOCTYPE html><html><body>Not Found</body></html>");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const other = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = await runCli(["doctor"], { env: { FASTHOOKS_URL: other, CLAUDE_PROJECT_DIR: emptyDir("project") } });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^✗ no token: set FASTHOOKS_TOKEN/m);
      expect(run.stdout).toContain(
        `✗ nothing of ours answers at ${other}: GET /v1/health answered 404 with an HTML page, not the fasthooks-workers API. Check FASTHOOKS_URL`,
      );
      expect(run.stdout).not.toContain("<");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const down = await runCli(["doctor"], {
      env: { FASTHOOKS_URL: other, FASTHOOKS_TOKEN: ALICE, CLAUDE_PROJECT_DIR: emptyDir("project") },
    });
    expect(down.stdout).toContain(`✗ nothing of ours answers at ${other}: connection refused.`);
  });
});
