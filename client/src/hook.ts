// The command hook: Claude Code's event on stdin -> POST /v1/hooks -> the Worker's JSON on
// stdout. It must never hang Claude Code: one deadline from process start covers reading stdin
// and the request, a request is sent again only if it never left, and when the Worker cannot
// answer the configured fail mode decides, per event (see failure.ts).
import { hostname } from "node:os";
import { thrownError } from "../../src/tasks/result";
import { type Config, insecureTransportWarning, loadConfig, NoUrlError, TokenWithheldError, tokenFor } from "./config";
import { failureAnswer } from "./failure";
import { postOnce, postRetryingUnsent } from "./post";
import { SHIM_BUDGET_MAX_MS } from "./settings";

/**
 * Answers one event and ends the process once its output is flushed: neither a stdin that never
 * closes nor a read still in flight may keep Claude Code waiting past the shim's deadline.
 */
export async function runHook(): Promise<number> {
  const code = await answer();
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  return code;
}

async function answer(): Promise<number> {
  let config: Config | undefined;
  let eventName: string | undefined;
  try {
    config = loadConfig();
    const budgetMs = Math.min(config.timeoutMs, SHIM_BUDGET_MAX_MS);
    // performance.now() counts from the process's start: Node's own start-up is in the budget.
    const deadline = AbortSignal.timeout(Math.max(0, Math.floor(budgetMs - performance.now())));
    const event = await readStdin(deadline);
    eventName = nameOf(event);
    const body = await postEvent(config, event, deadline, budgetMs);
    process.stdout.write(body);
    return 0;
  } catch (error) {
    const reason = thrownError(error).message;
    // A token withheld from a URL the user did not trust: skipped, whatever the fail mode, so
    // that a project file cannot make every tool call block either. No URL at all: nothing is
    // set up here, which is said, not taken for a Worker that is down.
    const unconfigured = error instanceof TokenWithheldError || error instanceof NoUrlError;
    const mode = unconfigured ? "open" : (config?.failMode ?? "open");
    const failed = failureAnswer(mode, eventName, reason);
    process.stdout.write(failed.stdout);
    process.stderr.write(failed.stderr);
    return failed.code;
  }
}

/** Refuses garbage here rather than send it, and names the event for a failure's answer. */
function nameOf(event: string): string | undefined {
  const parsed = JSON.parse(event) as { hook_event_name?: unknown } | null;
  return typeof parsed?.hook_event_name === "string" ? parsed.hook_event_name : undefined;
}

function readStdin(deadline: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const giveUp = () => reject(new Error("no event on stdin"));
    if (deadline.aborted) return giveUp();
    deadline.addEventListener("abort", giveUp, { once: true });
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => {
      deadline.removeEventListener("abort", giveUp);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    process.stdin.on("error", (error) => {
      deadline.removeEventListener("abort", giveUp);
      reject(error);
    });
  });
}

/**
 * The name the member gave this machine for its HTTP hooks too (FASTHOOKS_MACHINE), else its host
 * name; no control character may end the header early.
 */
function machineName(): string {
  return (process.env.FASTHOOKS_MACHINE || hostname()).replace(/[\x00-\x1f\x7f]/g, "");
}

async function postEvent(config: Config, event: string, deadline: AbortSignal, budgetMs: number): Promise<string> {
  if (!config.url) throw new NoUrlError();
  const token = tokenFor(config);
  const warning = insecureTransportWarning(config);
  if (warning) process.stderr.write(`fasthooks: ${warning}\n`);
  const url = new URL(`${config.url}/v1/hooks`);
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    "x-fasthooks-machine": machineName(),
  };
  let res: { status: number; body: string };
  try {
    res = await postRetryingUnsent(() => postOnce(url, headers, event, deadline), deadline);
  } catch (error) {
    if (deadline.aborted) throw new Error(`no answer from ${url} within ${budgetMs} ms`);
    throw new Error(`cannot reach ${url}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (res.status === 401) throw new Error(`${url} refused the token (401): check FASTHOOKS_TOKEN`);
  if (res.status < 200 || res.status > 299) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return res.body;
}
