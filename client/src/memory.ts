// `memory add/ls/search/rm`: the team's memory (/v1/memory) from a terminal. What a member adds
// carries their name and their project's base name (never its path); they see the team's
// memories and their own; they remove what they added (an admin: anything).
import { basename } from "node:path";
import type { Memory, MemoryHit, MemoryPage } from "../../src/memory/types";
import { body, param, worker } from "./api";
import type { Config } from "./config";
import type { Output } from "./commands";
import { UsageError } from "./exit";
import { age, brief, printable, printableJson, table } from "./table";

export interface AddOptions {
  private: boolean;
  days: string | undefined;
  /** The project directory: its base name is recorded. */
  projectDir: string;
}

function show(output: Output, data: unknown, human: () => string): void {
  output.out(output.json ? printableJson(data) : printable(human(), { multiline: true }));
}

function wholeDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(text)) throw new UsageError(`--days must be a whole number of days, such as 30, not "${text}"`);
  return Number(text);
}

const until = (time: number) => new Date(time).toISOString().slice(0, 10);

export async function memoryAdd(config: Config, words: string[], options: AddOptions, output: Output): Promise<void> {
  const text = words.join(" ").trim();
  if (!text) throw new UsageError('memory add needs the text to keep: memory add "the staging DB resets on Mondays"');
  const ttlDays = wholeDays(options.days);
  const added = await body(
    worker(config).v1.memory.$post({
      json: {
        text,
        scope: options.private ? "member" : "team",
        project: basename(options.projectDir) || null,
        ...(ttlDays === undefined ? {} : { ttlDays }),
      },
    }),
  );
  const { memory } = added;
  const whose = memory.scope === "team" ? "shared with your team" : "kept for you alone";
  show(output, added, () =>
    added.added
      ? `${memory.id} added, ${whose}, until ${until(memory.expiresAt)}`
      : `${memory.id} was already there (${whose}); kept until ${until(memory.expiresAt)}`,
  );
}

function memoryRows(memories: (Memory | MemoryHit)[]): string[][] {
  return memories.map((memory) => [
    memory.id,
    memory.member,
    memory.scope === "team" ? "team" : "private",
    memory.source,
    memory.project ?? "",
    age(memory.createdAt),
    until(memory.expiresAt),
    brief(memory.text, 50),
  ]);
}

const HEADERS = ["ID", "MEMBER", "SCOPE", "SOURCE", "PROJECT", "ADDED", "UNTIL", "TEXT"];

export interface ListOptions {
  private: boolean;
  member: string | undefined;
  mine: boolean;
}

async function me(config: Config): Promise<string> {
  return (await body(worker(config).v1.me.$get())).member;
}

/** Every memory the member may see (the filters applied), page after page, newest first. */
export async function memoryLs(config: Config, options: ListOptions, output: Output): Promise<void> {
  const member = options.mine ? await me(config) : options.member;
  const memories: Memory[] = [];
  let after: string | undefined;
  do {
    const page: MemoryPage = await body(
      worker(config).v1.memory.$get({
        query: {
          limit: "500",
          ...(options.private ? { scope: "member" } : {}),
          ...(member ? { member } : {}),
          ...(after ? { after } : {}),
        },
      }),
    );
    memories.push(...page.memories);
    after = page.next === null ? undefined : String(page.next);
  } while (after !== undefined);
  show(output, { memories }, () => (memories.length ? table(HEADERS, memoryRows(memories)) : "No memories."));
}

export async function memorySearch(config: Config, words: string[], output: Output): Promise<void> {
  const q = words.join(" ").trim();
  if (!q) throw new UsageError("memory search needs words to look for");
  const { hits } = await body(worker(config).v1.memory.search.$get({ query: { q } }));
  show(output, { hits }, () => (hits.length ? table(HEADERS, memoryRows(hits)) : "Nothing found."));
}

export async function memoryRm(config: Config, ids: string[], options: { all: boolean; member: string | undefined }, output: Output) {
  const api = worker(config).v1.memory;
  if (options.all) {
    if (ids.length) throw new UsageError("memory rm takes IDs or --all, not both");
    const whose = options.member ?? (await me(config));
    const { removed } = await body(api.$delete({ query: { member: whose } }));
    show(output, { removed }, () => `${removed} ${removed === 1 ? "memory" : "memories"} of ${whose} removed`);
    return;
  }
  if (ids.length === 0) throw new UsageError("memory rm needs the ID of a memory (see `memory ls`), or --all");
  const removed: string[] = [];
  for (const id of ids) removed.push((await body(api[":id"].$delete({ param: { id: param(id) } }))).removed);
  show(output, { removed }, () => removed.map((id) => `${id} removed`).join("\n"));
}
