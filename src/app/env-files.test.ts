// The default app's .env policy reads a path as the file system that writes it would.
import { describe, expect, it } from "vitest";
import { isEnvFile } from "./env-files";

describe("isEnvFile", () => {
  it.each([
    "/home/ada/shop/.env",
    "/home/ada/shop/.env.local",
    "/home/ada/shop/.ENV",
    "C:\\p\\.env",
    "C:\\p\\.env ",
    "C:\\p\\.env.",
    "C:\\p\\.env . .",
    "C:\\p\\.env::$DATA",
    "C:\\p\\.env:secrets",
    "C:\\p\\.Env.Local::$DATA",
  ])("%j is a .env file", (path) => {
    expect(isEnvFile(path)).toBe(true);
  });

  it.each(["C:\\p\\ENV~1", "C:\\p\\ENVLOC~1.LOC", "/p/env~2"])("%j may be one (a short name)", (path) => {
    expect(isEnvFile(path)).toBe("maybe");
  });

  it.each(["/p/.envrc", "/p/env.ts", "/p/.environment", "/p/prod.env", "C:\\p\\.env-example", "/p/.env/readme.md"])("%j is not", (path) => {
    expect(isEnvFile(path)).toBe(false);
  });
});
