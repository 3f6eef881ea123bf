#!/usr/bin/env node
// The real Claude Code, pinned, for the tests and benchmarks that drive it: installed from the
// npm registry once into a cache outside the repo, then reused. Prints the path of its binary.
//
//   node scripts/claude-code.mjs                  install the pinned version if missing, print the binary's path
//   node scripts/claude-code.mjs --check latest   install the registry's newest (or --check <version>), and list
//                                                 what its bundle has that src/hooks/event-table.ts does not
//
// Cache: $FASTHOOKS_CLAUDE_CODE_DIR (the pinned version only), else
// ${XDG_CACHE_HOME:-~/.cache}/fasthooks-workers/claude-code-<version>.
// FASTHOOKS_CLAUDE_CODE_BIN=/path/to/claude uses a binary already there (it must be the pinned version).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The version the tests run, and the event table describes. */
export const CLAUDE_CODE_VERSION = "2.1.332";
const PACKAGE = "@anthropic-ai/claude-code";
const ATTEMPTS = 3;

export function cacheDir(env = process.env, version = CLAUDE_CODE_VERSION) {
  if (env.FASTHOOKS_CLAUDE_CODE_DIR && version === CLAUDE_CODE_VERSION) return env.FASTHOOKS_CLAUDE_CODE_DIR;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(cache, "fasthooks-workers", `claude-code-${version}`);
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

function isVersion(binary, version) {
  return versionOf(binary)?.startsWith(`${version} `) ?? false;
}

/**
 * The package's bin is the native binary once its postinstall has linked it; where install
 * scripts do not run, the platform package's own binary is the same file.
 */
function binaryIn(dir, version) {
  const platformPackage = `claude-code-${process.platform}-${process.arch}`;
  const candidates = [
    join(dir, "node_modules", ".bin", "claude"),
    join(dir, "node_modules", "@anthropic-ai", platformPackage, "claude"),
    join(dir, "node_modules", "@anthropic-ai", `${platformPackage}-musl`, "claude"),
  ];
  return candidates.find((candidate) => isVersion(candidate, version));
}

function installInto(dir, version) {
  writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", `${PACKAGE}@${version}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 600_000,
  });
}

export function ensureClaudeCode(env = process.env, version = CLAUDE_CODE_VERSION) {
  if (env.FASTHOOKS_CLAUDE_CODE_BIN && version === CLAUDE_CODE_VERSION) {
    if (!isVersion(env.FASTHOOKS_CLAUDE_CODE_BIN, version)) {
      throw new Error(`FASTHOOKS_CLAUDE_CODE_BIN=${env.FASTHOOKS_CLAUDE_CODE_BIN} is not Claude Code ${version}`);
    }
    return env.FASTHOOKS_CLAUDE_CODE_BIN;
  }
  const dir = cacheDir(env, version);
  const cached = existsSync(dir) ? binaryIn(dir, version) : undefined;
  if (cached) return cached;
  mkdirSync(dirname(dir), { recursive: true });
  let lastError;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    // Into a fresh directory beside the cache, moved into place only once it runs: an install
    // cut short never passes for a good one.
    const staging = mkdtempSync(`${dir}.partial-`);
    try {
      process.stderr.write(`Installing ${PACKAGE}@${version} into ${dir} (attempt ${attempt})...\n`);
      installInto(staging, version);
      if (!binaryIn(staging, version)) throw new Error(`the installed claude does not answer --version ${version}`);
      // Another process may have finished first, and may be running it: keep theirs.
      const theirs = existsSync(dir) ? binaryIn(dir, version) : undefined;
      if (theirs) return theirs;
      rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(staging, dir);
      } catch (error) {
        // Another process installed it meanwhile: theirs will do.
        if (!binaryIn(dir, version)) throw error;
      }
      const binary = binaryIn(dir, version);
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
  throw new Error(`could not install ${PACKAGE}@${version}: ${lastError instanceof Error ? lastError.message : lastError}`);
}

/** "latest": the registry's newest version; else the version as given. */
function resolveVersion(wanted) {
  if (wanted !== "latest") return wanted;
  return execFileSync("npm", ["view", `${PACKAGE}@latest`, "version"], { encoding: "utf8", timeout: 60_000 }).trim();
}

/**
 * Installs `wanted` into the cache and prints what its bundle has that the event table lacks
 * (test/claude-code/support/check.ts, bundled here with esbuild as the CLI is: it imports the
 * framework's TypeScript). Exit 1 when anything is listed.
 */
async function check(wanted) {
  const version = resolveVersion(wanted);
  const binary = ensureClaudeCode(process.env, version);
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { build } = await import("esbuild");
  // Inside the repository, so that its imports (rolldown, zod) resolve to node_modules.
  mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
  const out = join(mkdtempSync(join(root, "node_modules", ".cache", "fasthooks-check-")), "check.mjs");
  try {
    await build({
      stdin: {
        contents: `export { readClaudeCode } from "./test/claude-code/support/bundle.ts"; export { differences } from "./test/claude-code/support/check.ts";`,
        resolveDir: root,
        loader: "ts",
      },
      outfile: out,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "warning",
    });
    const { readClaudeCode, differences } = await import(pathToFileURL(out).href);
    const found = differences(readClaudeCode(binary));
    const against = version === CLAUDE_CODE_VERSION ? "the pinned version" : `pinned: ${CLAUDE_CODE_VERSION}`;
    if (found.length === 0) {
      process.stdout.write(`Claude Code ${version} (${against}): nothing the event table lacks.\n`);
      return true;
    }
    process.stdout.write(`Claude Code ${version} (${against}): ${found.length} difference(s) with the event table:\n`);
    for (const line of found) process.stdout.write(`  - ${line}\n`);
    return false;
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const at = process.argv.indexOf("--check");
    if (at === -1) process.stdout.write(`${ensureClaudeCode()}\n`);
    else if (!(await check(process.argv[at + 1] ?? CLAUDE_CODE_VERSION))) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
