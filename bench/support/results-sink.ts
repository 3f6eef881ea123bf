// Benchmarks that run inside workerd cannot write files: they POST their figures here, and
// this Node side writes bench/results/<name>.json.
import { createServer } from "node:http";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { writeResult } from "./stats.ts";

declare module "vitest" {
  export interface ProvidedContext {
    resultsSink: string;
  }
}

export default async function setup(project: TestProject) {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { name, data } = JSON.parse(body) as { name: string; data: unknown };
      const path = writeResult(name, data);
      console.log(`written to ${path}`);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("resultsSink", `http://127.0.0.1:${(server.address() as { port: number }).port}`);
  return () => server.close();
}
