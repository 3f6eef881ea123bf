// CPU time of this process's workerd children (the local runtime wrangler starts), from /proc:
// Linux only, in clock ticks of 10 ms. Summed over every workerd below this process.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10;

interface Stat {
  pid: number;
  ppid: number;
  command: string;
  cpuTicks: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid ...": the command may hold spaces, so split after its ")".
    const close = text.lastIndexOf(")");
    const command = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // From "state" on: ppid is the 2nd field, utime the 12th, stime the 13th.
    return { pid, ppid: Number(fields[1]), command, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Milliseconds of CPU the workerd processes started below `root` have used so far. */
export function workerdCpuMs(root = process.pid): number {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((entry): entry is Stat => entry !== undefined);
  const below = new Set([root]);
  // Parents come before their children often but not always: repeat until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const entry of all) {
      if (!below.has(entry.pid) && below.has(entry.ppid)) {
        below.add(entry.pid);
        added = true;
      }
    }
  }
  return (
    all.filter((entry) => below.has(entry.pid) && entry.command.startsWith("workerd")).reduce((sum, e) => sum + e.cpuTicks, 0) * TICK_MS
  );
}
