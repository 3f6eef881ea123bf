// What every step of `npm run deploy` is given (so tests can hand it fakes), and how a step stops the run.
import type { Wrangler } from "./wrangler.ts";

export interface DeployDeps {
  wrangler: Wrangler;
  projectDir: string;
  readInput: (from: string) => Promise<string>;
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
  log: (line?: string) => void;
}

/** The run stops here; the message says why and what to do. */
export class DeployStop extends Error {
  override name = "DeployStop";
}
