/**
 * Whether a path names a .env file (`.env`, `.env.local`...), as the file system that will
 * write it resolves the name: case ignored (`.ENV`), and the forms Windows reads as the same
 * file: trailing dots and spaces dropped (`.env `, `.env.`), an alternate data stream
 * (`.env::$DATA`, `.env:x`) naming the file itself. A short name (`ENV~1`) cannot be told from
 * its path alone: it is "maybe", for the member to decide.
 */
export function isEnvFile(path: string): boolean | "maybe" {
  const segment = path.split(/[\\/]/).pop() ?? "";
  const name = segment
    .split(":")[0]!
    .replace(/[. ]+$/, "")
    .toLowerCase();
  if (name === ".env" || name.startsWith(".env.")) return true;
  return /^env[^.~]{0,4}~\d+(\.[^.]{0,3})?$/i.test(segment.replace(/[. ]+$/, "")) ? "maybe" : false;
}
