// After a deploy: ask the Worker itself how its configuration looks (GET /v1/health?deep=1).
// It is the only one that can read its secrets back, so this is where a FASTHOOKS_TOKENS set by
// hand with the dev token in it, or a missing Claude key, shows.

export type HealthReport =
  | { kind: "unreachable"; reason: string }
  | { kind: "checked"; problems: string[]; notes: string[]; passed: string[] };

// The key is optional: without it only Claude tasks fail, so it is a note, not a problem.
const OPTIONAL_CHECKS = new Set(["anthropicApiKey"]);

export async function checkDeployedHealth(url: string, fetchImpl: typeof fetch, timeoutMs = 10_000): Promise<HealthReport> {
  let body: unknown;
  try {
    const response = await fetchImpl(new URL("/v1/health?deep=1", url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { kind: "unreachable", reason: `it answered ${response.status}` };
    body = await response.json();
  } catch (error) {
    return { kind: "unreachable", reason: error instanceof Error ? error.message : String(error) };
  }
  const checks = (body as { checks?: unknown })?.checks;
  if (!checks || typeof checks !== "object") return { kind: "unreachable", reason: "its answer is not this Worker's health check" };
  const report = { kind: "checked" as const, problems: [] as string[], notes: [] as string[], passed: [] as string[] };
  for (const [name, value] of Object.entries(checks as Record<string, unknown>)) {
    const line = `${name}: ${String(value)}`;
    if (value === "set") report.passed.push(name);
    else if (OPTIONAL_CHECKS.has(name)) report.notes.push(line);
    else report.problems.push(line);
  }
  return report;
}
