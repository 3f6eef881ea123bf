// The command hook: Claude Code's event on stdin -> POST /v1/hooks -> the Worker's JSON on
// stdout. It must never hang Claude Code: one request with a deadline, one quick retry on a
// connection reset, and a configured answer (open or closed) when the Worker cannot answer.
import { hostname } from "node:os";
import { type Config, DEFAULT_URL, insecureTransportWarning, loadConfig, TokenWithheldError, tokenFor } from "./config";
import { postOnce } from "./post";

/** Claude Code's blocking exit code: stderr goes to Claude and the action is stopped. */
const EXIT_BLOCK = 2;

/**
 * Answers one event and ends the process once its output is flushed: neither a stdin that never
 * closes nor a read still in flight may keep Claude Code waiting past the shim's timeout.
 */
export async function runHook(): Promise<number> {
  const code = await answer();
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  return code;
}

async function answer(): Promise<number> {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const event = await readStdin(config.timeoutMs);
    JSON.parse(event); // refuse garbage here rather than send it
    const body = await postEvent(config, event);
    process.stdout.write(body);
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // A token withheld from a URL the user did not trust: skipped, whatever the fail mode, so
    // that a project file cannot make every tool call block either.
    if (config?.failMode === "closed" && !(error instanceof TokenWithheldError)) {
      process.stderr.write(`fasthooks: blocked because the hook could not be checked: ${reason}\n`);
      return EXIT_BLOCK;
    }
    process.stderr.write(`fasthooks: hook skipped (fail open): ${reason}\n`);
    return 0;
  }
}

function readStdin(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error("no event on stdin")), timeoutMs);
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    process.stdin.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function postEvent(config: Config, event: string): Promise<string> {
  const token = tokenFor(config);
  const warning = insecureTransportWarning(config);
  if (warning) process.stderr.write(`fasthooks: ${warning}\n`);
  const url = new URL(`${config.url ?? DEFAULT_URL}/v1/hooks`);
  const deadline = AbortSignal.timeout(config.timeoutMs);
  const headers = {
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    "x-fasthooks-machine": hostname(),
  };
  let res: { status: number; body: string };
  try {
    res = await postOnce(url, headers, event, deadline).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET" || deadline.aborted) throw error;
      return postOnce(url, headers, event, deadline); // the connection was reset: once more, at once
    });
  } catch (error) {
    if (deadline.aborted) throw new Error(`no answer from ${url} within ${config.timeoutMs} ms`);
    throw new Error(`cannot reach ${url}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (res.status === 401) throw new Error(`${url} refused the token (401): check FASTHOOKS_TOKEN`);
  if (res.status < 200 || res.status > 299) throw new Error(`${url} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return res.body;
}
