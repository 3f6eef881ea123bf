// What a deploy needs to know from wrangler.toml, read line by line (no TOML parser: the stdlib
// has none and the project adds no dependency). It reads the shapes this repository's file uses;
// anything it misses is caught again by wrangler, which refuses a deploy whose queues are missing.

export interface WranglerConfigFacts {
  workerName: string | undefined;
  /** Every queue the Worker produces to, consumes or dead-letters to, in file order. */
  queues: string[];
  /** `account_id` pins the account, so several accounts on one login are no problem. */
  accountId: string | undefined;
  /** `keep_vars = true` keeps variables set on the dashboard (FASTHOOKS_LOCAL among them) across deploys. */
  keepsVars: boolean;
}

const stringValue = (line: string, key: string): string | undefined => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`).exec(line)?.[1];

export function readWranglerConfig(toml: string): WranglerConfigFacts {
  const lines = toml
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const firstTable = lines.findIndex((line) => line.startsWith("["));
  const topLevel = firstTable === -1 ? lines : lines.slice(0, firstTable);
  const queues = new Set<string>();
  for (const line of lines) {
    const queue = stringValue(line, "queue") ?? stringValue(line, "dead_letter_queue");
    if (queue) queues.add(queue);
  }
  return {
    workerName: topLevel.map((line) => stringValue(line, "name")).find(Boolean),
    queues: [...queues],
    accountId: topLevel.map((line) => stringValue(line, "account_id")).find(Boolean),
    keepsVars: lines.some((line) => /^keep_vars\s*=\s*true\b/.test(line)),
  };
}
