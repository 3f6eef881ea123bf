/** Every answer a handler can give, on every event: what the output tests run through. */
import {
  allow,
  approvePermission,
  ask,
  block,
  context,
  defer,
  deny,
  denyPermission,
  displayContent,
  HOOK_EVENTS,
  type HookResponse,
  problemWith,
  respondElicitation,
  retry,
  stop,
  watchPaths,
} from "../../../src/hooks";
import { buildOutput, type HookOutput } from "../../../src/hooks/output";

export const SAMPLE_RESPONSES: [string, HookResponse][] = [
  ["allow()", allow()],
  ["allow({ message, suppressOutput })", allow({ message: "noted", suppressOutput: true })],
  ["stop()", stop("out of budget")],
  ["deny()", deny("not here")],
  ["ask()", ask("sure?")],
  ["defer()", defer()],
  ["defer(reason)", defer("the host decides")],
  ["block()", block("tests are failing")],
  ["context()", context("branch: main")],
  ["approvePermission()", approvePermission()],
  ["approvePermission({ reason })", approvePermission({ reason: "read-only" })],
  ["approvePermission({ updatedInput })", approvePermission({ updatedInput: { command: "ls -a" } })],
  [
    "approvePermission({ updatedPermissions })",
    approvePermission({
      updatedPermissions: [{ type: "addRules", rules: [{ toolName: "Bash" }], behavior: "allow", destination: "session" }],
    }),
  ],
  ["denyPermission()", denyPermission("not on main", { interrupt: true })],
  ["displayContent()", displayContent("[redacted]")],
  ["retry()", retry()],
  ["respondElicitation(accept)", respondElicitation("accept", { repo: "shop" })],
  ["respondElicitation(decline)", respondElicitation("decline")],
  ["watchPaths()", watchPaths(["/home/dev/project/.envrc"])],
  ["worktree path", { kind: "worktreePath", path: "/home/dev/worktrees/cart" }],
];

export const EVENT_NAMES = [...HOOK_EVENTS, "SomeFutureEvent"];

export interface OutputCase {
  event: string;
  what: string;
  responses: HookResponse[];
  output: HookOutput;
}

/** Each event with each answer it takes, alone and with a message and context beside it. */
export function outputCases(): OutputCase[] {
  const cases: OutputCase[] = [];
  for (const event of EVENT_NAMES) {
    const takes = SAMPLE_RESPONSES.filter(([, response]) => problemWith(response, event) === undefined);
    for (const [what, response] of takes) {
      cases.push({ event, what, responses: [response], output: buildOutput(event, [response]) });
      const beside = takes.filter(([, other]) => other.kind === "context" || other.kind === "allow" || other.kind === "watchPaths");
      const all = [...beside.map(([, other]) => other), response];
      cases.push({ event, what: `${what} with every non-deciding answer`, responses: all, output: buildOutput(event, all) });
    }
  }
  return cases;
}
