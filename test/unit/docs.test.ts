// README.md and docs/ name only what this repository has: every npm script and CLI command they
// show exists, every relative link and its anchor resolve, and the REST API page's table of
// error codes is the API's list, each code once with its status.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HELP } from "../../client/src/help";
import { ERROR_CODES } from "../../src/api/errors";

const PAGES = [
  "README.md",
  ...readdirSync("docs")
    .filter((name) => name.endsWith(".md"))
    .map((name) => join("docs", name)),
];
const text = (path: string) => readFileSync(path, "utf8");

/** A page split into its prose (code blocks and spans left out) and its code. */
function split(markdown: string): { prose: string; shell: string[]; json: string[]; spans: string[] } {
  const shell: string[] = [];
  const json: string[] = [];
  const withoutBlocks = markdown.replace(/^```([a-z]*)\n([\s\S]*?)^```$/gm, (_block, language: string, code: string) => {
    if (["sh", "bash", "shell", "console"].includes(language)) shell.push(code);
    if (language === "json") json.push(code);
    return "";
  });
  const spans: string[] = [];
  // In a table, `\|` inside a code span stands for `|`.
  const prose = withoutBlocks.replace(/`([^`]+)`/g, (_span, code: string) => {
    spans.push(code.replaceAll("\\|", "|"));
    return "";
  });
  return { prose, shell, json, spans };
}

// --- commands ---

const SCRIPTS = new Set(Object.keys(JSON.parse(text("package.json")).scripts as Record<string, string>));
/** npm's own commands the docs may show (`npm test` and `npm start` run scripts: checked as such). */
const NPM_OWN = new Set(["ci", "install", "i", "pack", "publish", "run", "exec", "uninstall", "link", "view"]);

/** The scripts and npm commands a page runs: `npm run X` anywhere, `npm <command>` in code. */
function npmCommands(markdown: string): { scripts: string[]; commands: string[] } {
  const { shell, spans } = split(markdown);
  const scripts = [...markdown.matchAll(/\bnpm run(?:\s+-{1,2}[\w-]+)*\s+([\w:.-]+)/g)].map((match) => match[1]!);
  scripts.push(...[...markdown.matchAll(/\bnpm (test|start)\b/g)].map((match) => match[1]!));
  const commands = [...shell, ...spans].flatMap((code) =>
    [...code.matchAll(/(?:^|[\s&;(])npm\s+([a-z][\w-]*)/gm)].map((match) => match[1]!),
  );
  return { scripts, commands };
}

/** Each CLI command and its subcommands, from the usage line of its help. */
function cliCommands(): Map<string, Set<string> | null> {
  const commands = new Map<string, Set<string> | null>();
  for (const [command, help] of Object.entries(HELP)) {
    const usage = help.split("\n")[0]!;
    const after = usage.slice(usage.indexOf(`fasthooks-workers ${command}`) + `fasthooks-workers ${command}`.length).trim();
    const listed = /^<([a-z|]+)>/.exec(after)?.[1] ?? /^([a-z]+)\b/.exec(after)?.[1];
    commands.set(command, listed ? new Set(listed.split("|")) : null);
  }
  return commands;
}

/** `fasthooks-workers <command> [<subcommand>]` as a page runs it: in shell code, code spans, JSON strings. */
function cliInvocations(markdown: string): { command: string; sub?: string }[] {
  const { shell, json, spans } = split(markdown);
  const runs = [
    ...shell.flatMap((code) => [...code.matchAll(/^\s*(?:\$\s+)?(?:npx\s+)?fasthooks-workers\s+([^\n#]*)/gm)]),
    ...spans.flatMap((code) => [...code.matchAll(/^(?:npx\s+)?fasthooks-workers\s+([\s\S]*)$/g)]),
    ...json.flatMap((code) => [...code.matchAll(/"fasthooks-workers\s+([^"]*)"/g)]),
  ];
  return runs.flatMap((match) => {
    const [command, sub] = match[1]!.trim().split(/\s+/);
    if (!command || command.startsWith("-")) return [];
    return [{ command, ...(sub && !sub.startsWith("-") && !sub.startsWith("[") ? { sub } : {}) }];
  });
}

describe("commands the docs name", () => {
  const cli = cliCommands();

  it.each(PAGES)("%s: every npm script and npm command exists", (page) => {
    const { scripts, commands } = npmCommands(text(page));
    for (const script of scripts) expect(SCRIPTS.has(script), `npm run ${script}`).toBe(true);
    for (const command of commands) expect(NPM_OWN.has(command) || SCRIPTS.has(command), `npm ${command}`).toBe(true);
  });

  it.each(PAGES)("%s: every fasthooks-workers command is one the CLI knows", (page) => {
    for (const { command, sub } of cliInvocations(text(page))) {
      expect(cli.has(command), `fasthooks-workers ${command}`).toBe(true);
      const subs = cli.get(command);
      if (!subs || sub === undefined || /^[A-Z"'<]/.test(sub)) continue;
      for (const each of sub.split(/[|/]/)) expect(subs.has(each), `fasthooks-workers ${command} ${each}`).toBe(true);
    }
  });

  it("reads the CLI's commands and subcommands from its help", () => {
    expect(cli.get("tasks")).toEqual(new Set(["ls", "get", "wait", "cancel"]));
    expect(cli.get("sessions")).toEqual(new Set(["ls"]));
    expect(cli.get("install")).toBeNull();
  });
});

// --- links ---

/** GitHub's anchor for a heading: its text lowercased, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  const plain = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .toLowerCase();
  return plain.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const outsideCode = markdown.replace(/^```[\s\S]*?^```$/gm, "");
  for (const match of outsideCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function relativeLinks(markdown: string): string[] {
  const outsideCode = markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`]+`/g, "");
  return [...outsideCode.matchAll(/(?<!\\)\[(?:[^[\]\\]|\\.)*\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

describe("links", () => {
  it.each(PAGES)("%s: every relative link and its anchor resolve", (page) => {
    for (const target of relativeLinks(text(page))) {
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const file = path === "" ? page : resolve(dirname(page), path);
      expect(existsSync(file), `${target}: no such file`).toBe(true);
      if (anchor !== undefined) {
        expect(file.endsWith(".md"), `${target}: an anchor in a file that is not Markdown`).toBe(true);
        expect([...anchors(text(file))], `${target}: no such heading`).toContain(anchor);
      }
    }
  });

  it("makes anchors as GitHub does", () => {
    expect(slug("Connecting Claude Code: `install`, the shim, the CLI")).toBe("connecting-claude-code-install-the-shim-the-cli");
    expect(slug("Hops on a hook's path")).toBe("hops-on-a-hooks-path");
    expect([...anchors("# A\n```\n# not a heading\n```\n## A\n")]).toEqual(["a", "a-1"]);
  });
});

// --- error codes ---

const REST_API = "docs/rest-api.md";

/** The rows `| \`code\` | status |` of a page's table of error codes. */
function errorRows(markdown: string): [code: string, status: number][] {
  return [...markdown.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1]!, Number(match[2])]);
}

/** The statuses the source answers each code with, where it writes them out. */
function statusesInSource(): Map<string, Set<number>> {
  const statuses = new Map<string, Set<number>>();
  const files = readdirSync("src", { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
  for (const file of files) {
    const source = text(file);
    const found = [
      ...[...source.matchAll(/apiError\(\s*\w+,\s*(\d{3}),\s*"([a-z_]+)"/g)].map((match) => [match[2]!, Number(match[1])] as const),
      ...[...source.matchAll(/code: "([a-z_]+)"[^;]*?status: (\d{3})/g)].map((match) => [match[1]!, Number(match[2])] as const),
    ];
    for (const [code, status] of found) statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
  }
  return statuses;
}

describe("error codes", () => {
  const rows = errorRows(text(REST_API));

  it("lists every code the API answers with exactly once, and no other", () => {
    expect(rows.map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
  });

  it("gives each code the status the API answers it with", () => {
    const source = statusesInSource();
    for (const [code, status] of rows) {
      expect(status >= 400 && status < 600, `${code} ${status}`).toBe(true);
      const answered = source.get(code);
      if (answered) expect([...answered], `${code}'s status`).toContain(status);
    }
    // The source writes most of them out: the check above is not empty.
    expect(rows.filter(([code]) => source.has(code)).length).toBeGreaterThan(ERROR_CODES.length / 2);
  });

  it("tables the codes on the REST API page only", () => {
    for (const page of PAGES.filter((path) => path !== REST_API)) {
      const stray = errorRows(text(page)).filter(([code, status]) => status >= 400 && (ERROR_CODES as readonly string[]).includes(code));
      expect(stray, page).toEqual([]);
    }
  });
});
