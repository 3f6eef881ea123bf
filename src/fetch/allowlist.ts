/**
 * Which origins the Worker may fetch from: FASTHOOKS_FETCH_ALLOWLIST, comma-separated origins
 * (https://docs.python.org,https://developer.mozilla.org). Nothing is allowed unless listed.
 * Shared by every outbound fetch a task makes on a URL someone else chose (the fetch_url agent
 * tool, the documentation prefetch).
 */

/** A fetch the deployment does not allow, or a URL that is none: the caller's mistake, not the site's. */
export class FetchRefusedError extends Error {
  override name = "FetchRefused";
}

/** The allowed origins, normalised as URL.origin writes them (lowercase host, no default port, no slash). */
export function allowedOrigins(env: Pick<Env, "FASTHOOKS_FETCH_ALLOWLIST"> | undefined): string[] {
  return (env?.FASTHOOKS_FETCH_ALLOWLIST ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean)
    .flatMap((origin) => {
      try {
        return [new URL(origin).origin];
      } catch {
        return [];
      }
    });
}

/** `url` as a URL the deployment allows fetching, or a FetchRefusedError saying why not. */
export function allowedUrl(url: string, env: Pick<Env, "FASTHOOKS_FETCH_ALLOWLIST"> | undefined): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new FetchRefusedError(`not an absolute URL: ${url}`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new FetchRefusedError(`only http(s) URLs are fetched, not ${target.protocol}`);
  }
  if (target.username || target.password) throw new FetchRefusedError("a URL with credentials in it is not fetched");
  if (!allowedOrigins(env).includes(target.origin)) {
    throw new FetchRefusedError(`${target.origin} is not in this deployment's FASTHOOKS_FETCH_ALLOWLIST`);
  }
  return target;
}

/** Whether `url` may be fetched: the URL, or null (a hook handler's quiet check). */
export function allowedUrlOrNull(url: string, env: Pick<Env, "FASTHOOKS_FETCH_ALLOWLIST"> | undefined): URL | null {
  try {
    return allowedUrl(url, env);
  } catch {
    return null;
  }
}
