import { z } from "zod";
import type { Member } from "../hooks/context";
import { nameSchema } from "../tasks/input";

/**
 * The token `.dev.vars.example` gives `npm start`. It is in git, so anyone knows it: it is
 * honoured only by a Worker configured as local (FASTHOOKS_LOCAL=1), and never as an admin.
 */
export const DEV_TOKEN = "fasthooks-dev-token";

/** The Worker runs on a developer's machine (`npm start`), not deployed. */
export const isLocal = (env: Pick<Env, "FASTHOOKS_LOCAL">) => env.FASTHOOKS_LOCAL === "1";

/**
 * The server's own configuration is wrong. Its message says what to fix (never a token) and
 * goes to the log and to /v1/health?deep=1; a caller gets a generic 503.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const memberSchema = z.object({
  // Team and member names key Durable Objects and are shown everywhere: well-formed text only.
  team: nameSchema("team", 128),
  member: nameSchema("member", 128),
  admin: z.boolean().default(false),
});

export interface TokenTable {
  /** Each usable token with its member. */
  members: [token: string, member: Member][];
  /** What was wrong but could be left out (the dev token on a deployed Worker). */
  warnings: string[];
}

/** Reads FASTHOOKS_TOKENS, or throws a ConfigError whose message names no token. */
export function parseTokens(source: string | undefined, local: boolean): TokenTable {
  if (!source) throw new ConfigError("FASTHOOKS_TOKENS is not set: no request can be authenticated");
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    // The parser's message quotes the text around the error: that could be a token.
    throw new ConfigError("FASTHOOKS_TOKENS is not JSON");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ConfigError('FASTHOOKS_TOKENS must be an object: {"<token>": {"team", "member", "admin"?}}');
  }
  const problems = new Set<string>();
  const warnings: string[] = [];
  const members: [string, Member][] = [];
  for (const [token, entry] of Object.entries(json)) {
    // Problems are counted by kind, never with the token or the place it sits at.
    if (token.length < 16) problems.add("a token is shorter than 16 characters");
    const parsed = memberSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.add(`${issue.path.join(".") || "an entry"}: ${issue.message}`);
      continue;
    }
    if (token === DEV_TOKEN) {
      if (!local) {
        warnings.push(
          `FASTHOOKS_TOKENS holds the public dev token "${DEV_TOKEN}", which is ignored: this Worker is not local (FASTHOOKS_LOCAL=1)`,
        );
        continue;
      }
      if (parsed.data.admin) warnings.push(`the public dev token "${DEV_TOKEN}" is never an admin`);
      members.push([token, { ...parsed.data, admin: false }]);
      continue;
    }
    members.push([token, parsed.data]);
  }
  if (problems.size) {
    throw new ConfigError(`FASTHOOKS_TOKENS is not {"<token>": {"team", "member", "admin"?}}: ${[...problems].join("; ")}`);
  }
  return { members, warnings };
}

/** For /v1/health?deep=1: "set" when every token is usable, else what is wrong (no token named). */
export function tokensCheck(env: Pick<Env, "FASTHOOKS_TOKENS" | "FASTHOOKS_LOCAL">): string {
  try {
    const { warnings } = parseTokens(env.FASTHOOKS_TOKENS, isLocal(env));
    return warnings.length ? `set, but ${warnings.join("; ")}` : "set";
  } catch (error) {
    if (error instanceof ConfigError) return `invalid: ${error.message}`;
    throw error;
  }
}
