// The loopback documentation site (server.ts), started once in Node; its two origins are the
// workerd projects' FASTHOOKS_FETCH_ALLOWLIST (see vitest.config.ts).
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startDocsSite } from "./server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The site's origin most tests fetch from. */
    docsSiteUrl: string;
    /** The same site on another port: an origin of its own for the rate limit's test. */
    docsSiteSecondUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const site = await startDocsSite();
  project.provide("docsSiteUrl", site.urls[0]);
  project.provide("docsSiteSecondUrl", site.urls[1]);
  return () => site.close();
}
