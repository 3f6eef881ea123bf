// Writing a file the user owns (Claude Code's settings, our config) so that it is never seen half
// written: a temporary file beside it, flushed, then renamed over it; the previous text is kept
// as `<file>.bak`. A settings file that is a link (a dotfiles repository) stays a link: the file
// it points to is the one written.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/** The file's text, or "" when there is no file. */
export function readTextFile(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

const backupPath = (path: string) => `${path}.bak`;

/** Replaces (or creates) `path` with `text` in one step; returns the backup of what was there, if anything was. */
export function writeFileAtomically(path: string, text: string): string | undefined {
  const target = existsSync(path) ? realpathSync(path) : path;
  mkdirSync(dirname(target), { recursive: true });
  const existed = existsSync(target);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, "w");
    try {
      // The file keeps its permissions (a settings file may be private on purpose).
      if (existed) fchmodSync(fd, statSync(target).mode & 0o7777);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existed) copyFileSync(target, backupPath(target));
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return existed ? backupPath(target) : undefined;
}

/**
 * Removes `path`, which becomes its own backup (one rename). A link is not removed: whoever
 * made it manages that file, so it is emptied instead.
 */
export function removeFileKeepingBackup(path: string, emptyText: string): string {
  if (lstatSync(path).isSymbolicLink()) return writeFileAtomically(path, emptyText)!;
  renameSync(path, backupPath(path));
  return backupPath(path);
}
