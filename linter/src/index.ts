/**
 * The linter Worker: `lint` over RPC, for the main Worker's LINTER service binding. It has no
 * public URL (wrangler.toml), and what it is sent is checked as a request from anyone would be.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { z } from "zod";
import { LINT_LANGUAGES, type LintReport, type LintRequest, type LinterService } from "../../src/lint/protocol";
import { ruffCheck } from "./ruff";

/** The largest file linted: the largest a task takes as its args (src/tasks/limits.ts). */
const MAX_CONTENT_CHARS = 128 * 1024;

const requestSchema = z.object({
  language: z.enum(LINT_LANGUAGES),
  content: z.string().max(MAX_CONTENT_CHARS),
  config: z.record(z.string(), z.unknown()),
});

export default class Linter extends WorkerEntrypoint implements LinterService {
  async lint(request: LintRequest): Promise<LintReport> {
    const { content, config } = requestSchema.parse(request);
    return ruffCheck(content, config);
  }

  override async fetch(): Promise<Response> {
    return Response.json(
      { error: { code: "not_found", message: "the linter answers over RPC only (a service binding)" } },
      { status: 404 },
    );
  }
}
