// The Worker's REST API, as the CLI uses it: hono/client's `hc` over the Worker's own routes, so
// paths, params and bodies are typed from src/api (type-only: nothing of the Worker is bundled).
// Every answer passes one check here: that it is our Worker's. A wrangler on another port, a
// web server's HTML page or another service's 404 is "nothing of ours answers at URL", never
// read as if the Worker had said it.
import { hc } from "hono/client";
import type { ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { Api } from "../../src/api/create-api";
import type { ApiErrorBody } from "../../src/api/errors";
import { type Config, DEFAULT_URL, insecureTransportWarning, tokenFor } from "./config";
import { CliError, EXIT } from "./exit";
import { printable } from "./table";

/** An error the Worker answered (`{error: {code, message}}`), with its status. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    // Printed on a terminal, and it may echo a key or a value someone else chose.
    super(status === 401 || status === 403 ? EXIT.unauthorized : EXIT.error, printable(message));
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

/** The setting to fix for the URL in force: where it came from. */
export function urlSetting(config: Config): string {
  const source = config.sources.url;
  if (source === undefined) return "FASTHOOKS_URL (not set, so the default is used)";
  return source === "environment" ? "FASTHOOKS_URL" : `"url" in ${source}`;
}

/** The setting to fix for the token in force: where it came from. */
export function tokenSetting(config: Config): string {
  const source = config.sources.token;
  if (source === undefined) return "FASTHOOKS_TOKEN";
  return source === "environment" ? "FASTHOOKS_TOKEN" : `"token" in ${source}`;
}

/** What answers at the URL is not our Worker, or nothing does. */
export function notOurs(config: Config, what: string): CliError {
  return new CliError(
    EXIT.unreachable,
    `nothing of ours answers at ${baseUrl(config)}: ${what}. Check ${urlSetting(config)}: it must be the Worker's URL, as \`npm start\` or \`wrangler deploy\` prints it`,
  );
}

function noToken(config: Config): CliError {
  if (config.tokenWithheld) return new CliError(EXIT.unauthorized, config.tokenWithheld);
  return new CliError(
    EXIT.unauthorized,
    'no token: set FASTHOOKS_TOKEN, or "token" in a config file (a local `npm start` takes fasthooks-dev-token)',
  );
}

let warned = false;

/** The Worker's API, typed from its routes; each request bounded by the timeout, each answer checked to be ours. */
export function worker(config: Config, options: ClientOptions = {}) {
  const headers: Record<string, string> = {};
  if (!options.anonymous) {
    if (!config.token || config.tokenWithheld) throw noToken(config);
    headers.authorization = `Bearer ${tokenFor(config)}`;
    const warning = insecureTransportWarning(config);
    if (warning && !warned) {
      warned = true;
      process.stderr.write(`fasthooks-workers: ${warning}\n`);
    }
  }
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  return hc<Api>(baseUrl(config), {
    headers,
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      let res: Response;
      try {
        res = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw notOurs(config, unreachableReason(error, timeoutMs));
      }
      return checkOurs(config, res, `${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
    },
  });
}

function unreachableReason(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * Our Worker answers JSON, and every error as `{error: {code, message}}`; anything else is not
 * ours. The body is read here, once, and handed on as a new response.
 */
async function checkOurs(config: Config, res: Response, request: string): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  const answered = `${request} answered ${res.status}`;
  if (!/^application\/json\b/i.test(type)) {
    await res.body?.cancel();
    const what = /html/i.test(type) ? "an HTML page" : type ? type.split(";")[0] : "no content type";
    throw notOurs(config, `${answered} with ${what}, not the fasthooks-workers API`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notOurs(config, `${answered} with a body that is not JSON`);
  }
  if (!res.ok) {
    const error = (parsed as Partial<ApiErrorBody> | null)?.error;
    if (typeof error?.code !== "string" || typeof error.message !== "string") {
      throw notOurs(config, `${answered} without the fasthooks-workers API's error body`);
    }
    if (res.status === 401) {
      throw new CliError(
        EXIT.unauthorized,
        `${baseUrl(config)} refused the token from ${tokenSetting(config)}: ${printable(error.message)}. Check it against FASTHOOKS_TOKENS on the Worker`,
      );
    }
  }
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** What a call answers on success: the JSON of its 2xx responses, as the route declares it. */
type Success<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends SuccessStatusCode ? T : never) : never;

/** The body of a successful call, or an ApiError with the Worker's code and message. */
export async function body<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  const res = await call;
  const parsed: unknown = await res.json();
  if (!res.ok) {
    const { code, message } = (parsed as ApiErrorBody).error;
    throw new ApiError(res.status, code, message, parsed);
  }
  return parsed as Success<R>;
}

/** A path param: hc puts it in the URL as it is, so keys with `/`, `?` or `#` are encoded here. */
export const param = (value: string) => encodeURIComponent(value);
