// The FASTHOOKS_TOKENS a deploy uploads, checked before anything reaches Cloudflare. The rules
// are the Worker's (src/api/tokens.ts, which cannot be imported by a plain Node script; a unit
// test keeps the two in step), plus what only a deploy can see: the public dev token, tokens an
// Authorization header cannot carry, and the size Cloudflare allows a secret.
// No message ever holds a token: entries are named by their team and member.

/** The public token of `.dev.vars.example`: it must never reach a deployed Worker. */
export const DEV_TOKEN = "fasthooks-dev-token";

/** Cloudflare's limit on one environment variable or secret ("5 KB"), read as 5,000 bytes to be safe. */
export const SECRET_MAX_BYTES = 5000;

const TOKEN_MIN_LENGTH = 16;
const NAME_MAX_LENGTH = 128;
// What hono's bearerAuth accepts in `Authorization: Bearer <token>` (RFC 6750's b64token).
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /\p{Cs}/u;

export interface TokenTable {
  /** The JSON to upload: compact, so that whitespace does not count against the size limit. */
  json: string;
  /** The JSON's size in UTF-8, as Cloudflare counts it. */
  bytes: number;
  members: number;
  admins: number;
}

export class TokensFileError extends Error {
  override name = "TokensFileError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`FASTHOOKS_TOKENS is refused:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}

function nameProblem(what: string, value: unknown): string | null {
  if (typeof value !== "string") return `${what} must be a string`;
  if (value.length === 0) return `${what} must not be empty`;
  if (value.length > NAME_MAX_LENGTH) return `${what} must be at most ${NAME_MAX_LENGTH} characters`;
  if (LONE_SURROGATE.test(value)) return `${what} must be well-formed Unicode`;
  if (CONTROL_CHARS.test(value)) return `${what} must not contain control characters`;
  return null;
}

/** Who an entry is, for messages: its names when they are printable, else its position. */
function describeEntry(entry: unknown, position: number): string {
  if (entry && typeof entry === "object") {
    const { team, member } = entry as Record<string, unknown>;
    if (nameProblem("team", team) === null && nameProblem("member", member) === null) {
      return `${JSON.stringify(member)} (team ${JSON.stringify(team)})`;
    }
  }
  return `entry #${position}`;
}

function entryProblems(token: string, entry: unknown, position: number): string[] {
  const who = describeEntry(entry, position);
  const problems: string[] = [];
  if (token === DEV_TOKEN) {
    problems.push(
      `the token of ${who} is the public dev token "${DEV_TOKEN}" from .dev.vars.example: give every member a token of their own (openssl rand -hex 32)`,
    );
  } else if (token.length < TOKEN_MIN_LENGTH) {
    problems.push(`the token of ${who} is shorter than ${TOKEN_MIN_LENGTH} characters`);
  } else if (!BEARER_TOKEN.test(token)) {
    problems.push(`the token of ${who} has characters an Authorization header cannot carry (use A-Z a-z 0-9 - . _ ~ + / and a trailing =)`);
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    problems.push(`${who}: the entry must be {"team", "member", "admin"?}`);
    return problems;
  }
  const { team, member, admin } = entry as Record<string, unknown>;
  for (const problem of [nameProblem("team", team), nameProblem("member", member)]) {
    if (problem) problems.push(`${who}: ${problem}`);
  }
  if (admin !== undefined && typeof admin !== "boolean") problems.push(`${who}: admin must be true or false`);
  return problems;
}

/** Parses and checks a tokens file; throws a TokensFileError listing every problem. */
export function validateTokensFile(text: string): TokenTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the error: that could be a token.
    throw new TokensFileError(['it is not JSON: expected {"<token>": {"team": "...", "member": "..."}, ...}']);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new TokensFileError(['it must be an object: {"<token>": {"team": "...", "member": "...", "admin"?: true}, ...}']);
  }
  const entries = Object.entries(parsed);
  if (entries.length === 0) throw new TokensFileError(["it holds no token: nobody could use the Worker"]);
  const problems = entries.flatMap(([token, entry], index) => entryProblems(token, entry, index + 1));
  const json = JSON.stringify(parsed);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > SECRET_MAX_BYTES) {
    problems.push(
      `it is ${bytes} bytes of JSON, over the ${SECRET_MAX_BYTES} a Cloudflare secret may hold (shorter tokens, e.g. openssl rand -hex 16, fit more members)`,
    );
  }
  if (problems.length) throw new TokensFileError(problems);
  const admins = entries.filter(([, entry]) => (entry as { admin?: boolean }).admin === true).length;
  return { json, bytes, members: entries.length, admins };
}
