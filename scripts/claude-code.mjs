#!/usr/bin/env node
// The real Claude Code, pinned, for the tests and benchmarks that drive it: installed from the
// npm registry once into a cache outside the repo, then reused. Prints the path of its binary.
//
//   node scripts/claude-code.mjs            install if missing, print the binary's path
//
// Cache: $FASTHOOKS_CLAUDE_CODE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/fasthooks-workers/claude-code-<version>.
// FASTHOOKS_CLAUDE_CODE_BIN=/path/to/claude uses a binary already there (it must be the pinned version).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export const CLAUDE_CODE_VERSION = "2.1.328";
const PACKAGE = "@anthropic-ai/claude-code";
const ATTEMPTS = 3;

export function cacheDir(env = process.env) {
  if (env.FASTHOOKS_CLAUDE_CODE_DIR) return env.FASTHOOKS_CLAUDE_CODE_DIR;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(cache, "fasthooks-workers", `claude-code-${CLAUDE_CODE_VERSION}`);
}

/** The binary's own `--version`, or undefined when it does not run. */
function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  const run = spawnSync(binary, ["--version"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function isPinned(binary) {
  return versionOf(binary)?.startsWith(`${CLAUDE_CODE_VERSION} `) ?? false;
}

/**
 * The package's bin is the native binary once its postinstall has linked it; where install
 * scripts do not run, the platform package's own binary is the same file.
 */
function binaryIn(dir) {
  const platformPackage = `claude-code-${process.platform}-${process.arch}`;
  const candidates = [
    join(dir, "node_modules", ".bin", "claude"),
    join(dir, "node_modules", "@anthropic-ai", platformPackage, "claude"),
    join(dir, "node_modules", "@anthropic-ai", `${platformPackage}-musl`, "claude"),
  ];
  return candidates.find(isPinned);
}

function installInto(dir) {
  writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", `${PACKAGE}@${CLAUDE_CODE_VERSION}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 600_000,
  });
}

export function ensureClaudeCode(env = process.env) {
  if (env.FASTHOOKS_CLAUDE_CODE_BIN) {
    if (!isPinned(env.FASTHOOKS_CLAUDE_CODE_BIN)) {
      throw new Error(`FASTHOOKS_CLAUDE_CODE_BIN=${env.FASTHOOKS_CLAUDE_CODE_BIN} is not Claude Code ${CLAUDE_CODE_VERSION}`);
    }
    return env.FASTHOOKS_CLAUDE_CODE_BIN;
  }
  const dir = cacheDir(env);
  const cached = existsSync(dir) ? binaryIn(dir) : undefined;
  if (cached) return cached;
  mkdirSync(dirname(dir), { recursive: true });
  let lastError;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    // Into a fresh directory beside the cache, moved into place only once it runs: an install
    // cut short never passes for a good one.
    const staging = mkdtempSync(`${dir}.partial-`);
    try {
      process.stderr.write(`Installing ${PACKAGE}@${CLAUDE_CODE_VERSION} into ${dir} (attempt ${attempt})...\n`);
      installInto(staging);
      if (!binaryIn(staging)) throw new Error(`the installed claude does not answer --version ${CLAUDE_CODE_VERSION}`);
      // Another process may have finished first, and may be running it: keep theirs.
      const theirs = existsSync(dir) ? binaryIn(dir) : undefined;
      if (theirs) return theirs;
      rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(staging, dir);
      } catch (error) {
        // Another process installed it meanwhile: theirs will do.
        if (!binaryIn(dir)) throw error;
      }
      const binary = binaryIn(dir);
      if (binary) return binary;
      throw new Error(`the installed claude in ${dir} does not run`);
    } catch (error) {
      lastError = error;
      process.stderr.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
      if (attempt < ATTEMPTS) spawnSync("sleep", [String(attempt * 2)]);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  throw new Error(`could not install ${PACKAGE}@${CLAUDE_CODE_VERSION}: ${lastError instanceof Error ? lastError.message : lastError}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(`${ensureClaudeCode()}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
