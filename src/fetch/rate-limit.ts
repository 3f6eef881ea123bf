/**
 * At most `limit` fetches per origin and minute (wrangler.toml's DOC_FETCH_LIMITER: Cloudflare's
 * rate limiting binding, which `wrangler dev` simulates). Counted per Cloudflare location and
 * eventually consistent, as Cloudflare documents it: politeness to documentation sites, not an
 * exact account (docs/documentation-prefetch.md says why that suffices). A deployment without
 * the binding fetches unlimited.
 */

export class RateLimitedError extends Error {
  override name = "RateLimited";
}

/** Takes one fetch from `origin`'s allowance for this minute, or throws RateLimitedError. */
export async function takeFetchSlot(env: Pick<Env, "DOC_FETCH_LIMITER"> | undefined, origin: string): Promise<void> {
  const limiter = env?.DOC_FETCH_LIMITER;
  if (!limiter) return;
  const { success } = await limiter.limit({ key: origin });
  if (!success) {
    throw new RateLimitedError(`${origin} was fetched as often as this deployment allows in a minute (DOC_FETCH_LIMITER); try again later`);
  }
}
