// The Worker's REST API, as the CLI uses it. Bodies are typed from src/protocol.ts.
import type { ApiErrorBody } from "../../src/protocol";
import { type Config, DEFAULT_URL, insecureTransportWarning, tokenFor } from "./config";
import { printable } from "./table";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    // Printed on a terminal, and it may echo a key or a value someone else chose.
    super(printable(message));
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  timeoutMs?: number;
  /** Send no token (health). */
  anonymous?: boolean;
}

export function baseUrl(config: Config): string {
  return config.url ?? DEFAULT_URL;
}

let warned = false;

export async function request<T>(config: Config, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (!options.anonymous) {
    headers.authorization = `Bearer ${tokenFor(config)}`;
    const warning = insecureTransportWarning(config);
    if (warning && !warned) {
      warned = true;
      process.stderr.write(`fasthooks-workers: ${warning}\n`);
    }
  }
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const url = `${baseUrl(config)}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? config.timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach ${url}: ${cause ?? (error as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  if (!res.ok) {
    const error = (body as ApiErrorBody | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? "error", error?.message ?? `${res.status} ${text.slice(0, 200)}`, body);
  }
  return body as T;
}

export const sessionPath = (session: string) => `/v1/sessions/${encodeURIComponent(session)}`;
export const taskPath = (session: string, key: string) => `${sessionPath(session)}/tasks/${encodeURIComponent(key)}`;
