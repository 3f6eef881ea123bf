// A team's edits of its own app never turn the framework's tests red: no test outside src/app/
// loads the team's app, neither by import nor as the entry of a Worker it starts (src/index.ts,
// the Worker as deployed, is the app's way in). The framework is tested on fixture apps of its
// own; the default app's example tests, beside it in src/app/, are the team's to edit.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const TEAM_APP_DIR = resolve("src/app");
const DEPLOYED_ENTRY = resolve("src/index");
/** This file names them, to look for them. */
const SELF = fileURLToPath(import.meta.url);

/** Every TypeScript or JavaScript file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The paths a file names in its code (imports, entries), comments left out. */
function namedPaths(file: string): string[] {
  const code = readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|\s)\/\/.*$/gm, "");
  const paths = [...code.matchAll(/(["'`])((?:\.{1,2}\/|src\/)[^"'`\n]*)\1/g)].map((match) => match[2]!);
  // Relative to the file for an import, to the project for an entry a Worker is started on.
  return paths.map((path) => (path.startsWith(".") ? resolve(dirname(file), path) : resolve(path)));
}

function isTeamApp(path: string): boolean {
  const bare = path.replace(/\.(ts|js)$/, "");
  return bare === DEPLOYED_ENTRY || bare === TEAM_APP_DIR || bare.startsWith(TEAM_APP_DIR + sep);
}

it("has no test outside src/app/ load the team's app or the Worker as deployed", () => {
  const testFiles = [...sourceFiles("test"), ...sourceFiles("bench").filter((file) => file.endsWith(".bench.test.ts"))].filter(
    (file) => resolve(file) !== SELF,
  );
  const loads = testFiles.flatMap((file) =>
    namedPaths(file)
      .filter(isTeamApp)
      .map((path) => `${file} -> ${relative(".", path)}`),
  );
  expect(loads).toEqual([]);
});

it("sees a load of the team's app where there is one", () => {
  // The check itself works: the Worker's own entry loads the app.
  expect(
    namedPaths("src/index.ts")
      .filter(isTeamApp)
      .map((path) => relative(".", path)),
  ).toEqual(["src/app"]);
});
