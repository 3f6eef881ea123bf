// The Worker's REST API, as the CLI uses it: hono/client's `hc` over the Worker's own routes, so
// paths, params and bodies are typed from src/api (type-only: nothing of the Worker is bundled).
import { hc } from "hono/client";
import type { ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { Api } from "../../src/api/create-api";
import type { ApiErrorBody } from "../../src/api/errors";
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

export interface ClientOptions {
  /** How long a request may take, at most (default: the config's timeoutMs). */
  timeoutMs?: number;
  /** Send no token (health). */
  anonymous?: boolean;
}

export function baseUrl(config: Config): string {
  return config.url ?? DEFAULT_URL;
}

let warned = false;

/** The Worker's API, typed from its routes; each request bounded by the timeout. */
export function worker(config: Config, options: ClientOptions = {}) {
  const headers: Record<string, string> = {};
  if (!options.anonymous) {
    headers.authorization = `Bearer ${tokenFor(config)}`;
    const warning = insecureTransportWarning(config);
    if (warning && !warned) {
      warned = true;
      process.stderr.write(`fasthooks-workers: ${warning}\n`);
    }
  }
  return hc<Api>(baseUrl(config), {
    headers,
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      try {
        return await fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? config.timeoutMs) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        throw new Error(`cannot reach ${String(input)}: ${cause ?? (error as Error).message}`);
      }
    },
  });
}

/** What a call answers on success: the JSON of its 2xx responses, as the route declares it. */
type Success<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/** The body of a successful call, or an ApiError with the Worker's code and message. */
export async function body<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  const res = await call;
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  if (!res.ok) {
    const error = (parsed as Partial<ApiErrorBody> | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? "error", error?.message ?? `${res.status} ${text.slice(0, 200)}`, parsed);
  }
  return parsed as Success<R>;
}

/** A path param: hc puts it in the URL as it is, so keys with `/`, `?` or `#` are encoded here. */
export const param = (value: string) => encodeURIComponent(value);
