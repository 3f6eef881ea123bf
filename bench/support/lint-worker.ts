// The lint benchmark's Worker: POST a LintRequest, get the report, through the LINTER service
// binding to the linter entrypoint it exports (bench/lint.ts binds it): the RPC a lint task makes.
import type { LinterBinding } from "../../src/lint/binding";
import type { LintRequest } from "../../src/lint/protocol";

export { default as Linter } from "../../linter/src/index";

export default {
  async fetch(request: Request, env: { LINTER: LinterBinding }): Promise<Response> {
    // A GET only wakes the isolate: the first lint after it is Ruff's own cold start.
    if (request.method === "GET") return new Response(null, { status: 204 });
    return Response.json(await env.LINTER.lint((await request.json()) as LintRequest));
  },
};
