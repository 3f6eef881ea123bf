// One HTTP/1.1 POST over a plain socket, for the hook path only. node:http would do, but
// loading it costs a hook ~9 ms of start-up and fetch ~90 ms (measured on these machines,
// against `node -e ""`); every tool call pays it. This does just what a hook needs: one
// request, `Connection: close`, a body by length or in chunks.
import { connect, isIP, type Socket } from "node:net";

export interface Answer {
  status: number;
  body: string;
}

/** A failed POST says whether any byte of the request left: only one that did not is safe to send again. */
type PostError = Error & { code?: string; requestSent: boolean };

export function requestWasSent(error: unknown): boolean {
  return (error as Partial<PostError>)?.requestSent !== false;
}

export async function postOnce(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  const secure = url.protocol === "https:";
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1"); // an IPv6 literal loses its brackets
  // SNI carries host names only (RFC 6066): Node warns on stderr when given an address.
  const servername = isIP(host) ? undefined : host;
  const socket: Socket = secure ? (await import("node:tls")).connect({ host, port, servername }) : connect({ host, port });
  const payload = Buffer.from(body, "utf8");
  const head =
    `POST ${url.pathname}${url.search} HTTP/1.1\r\n` +
    `Host: ${url.host}\r\nConnection: close\r\nContent-Length: ${payload.byteLength}\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("") +
    "\r\n";

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sent = false;
    const abort = () => socket.destroy(Object.assign(new Error("aborted"), { name: "AbortError" }));
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort, { once: true });
    socket.once(secure ? "secureConnect" : "connect", () => {
      sent = true;
      socket.write(Buffer.concat([Buffer.from(head), payload]));
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.once("error", (error) => {
      signal.removeEventListener("abort", abort);
      reject(Object.assign(error, { requestSent: sent }));
    });
    socket.once("end", () => {
      signal.removeEventListener("abort", abort);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

export function parseResponse(raw: Buffer): Answer {
  const split = raw.indexOf("\r\n\r\n");
  if (split === -1) throw new Error("the answer ended before its headers did");
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1];
  if (!status) throw new Error(`not an HTTP answer: ${statusLine}`);
  const headers = new Map(
    headerLines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  let body = raw.subarray(split + 4);
  if (headers.get("transfer-encoding")?.toLowerCase().includes("chunked")) body = dechunk(body);
  else if (headers.has("content-length")) body = body.subarray(0, Number(headers.get("content-length")));
  return { status: Number(status), body: body.toString("utf8") };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd === -1) throw new Error("a chunked answer was cut short");
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (Number.isNaN(size)) throw new Error("a chunked answer has a bad chunk size");
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Failures before the request left that may pass: a Worker restarting, a name not resolved yet. */
const WORTH_ANOTHER_TRY = new Set(["ECONNREFUSED", "ECONNRESET", "EAI_AGAIN"]);
/** A restarting local Worker refuses for a moment; an immediate second try would be refused too. */
const RETRY_PAUSE_MS = 50;

/**
 * One POST, tried a second time only when the first failed before any byte of it was written:
 * a request that may have reached the Worker is never sent again, since a hook that ran twice
 * would add its tasks twice.
 */
export async function postRetryingUnsent(attempt: () => Promise<Answer>, signal: AbortSignal): Promise<Answer> {
  try {
    return await attempt();
  } catch (error) {
    const code = (error as PostError).code;
    if (signal.aborted || requestWasSent(error) || !code || !WORTH_ANOTHER_TRY.has(code)) throw error;
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    return attempt();
  }
}
