/**
 * The seed's Claude use cases, as a blueprint the app includes: a code review of each Python or
 * TypeScript file Claude writes, computed once per team for the same content (a teammate who
 * writes the same file reuses it), shown on the next prompt; and a security review task.
 *
 * What the team shares is only what the review depends on: the content and its language. The
 * file's path stays in the writer's session, so a teammate's Claude never reads another
 * member's path, and the review reaches Claude saying which task and member produced it.
 */
import { z } from "zod";
import { agentTask } from "../claude";
import { allow, Blueprint, context, type PointerKind, pointAt, unlessTooLarge } from "../hooks";
import { rememberFrom } from "../memory";
import { TaskStatus } from "../tasks/result";

export const CODE_REVIEWER_PROMPT = `You are a code reviewer. Check for:
- Security vulnerabilities
- Performance issues
- Code style problems
Respond with a brief summary.`;

/**
 * Budgets, from src/claude/prices.ts (docs/claude-agents.md, "What a review costs"): a 200-line file costs
 * about $0.009 on Sonnet and $0.002 on Haiku. A brief summary fits in 1,024 tokens, and the
 * budget lets through the largest file a task takes (128 KiB, ~$0.08 on Sonnet) but stops a
 * call an alias moved to a dearer model would make of it.
 */
export const REVIEW_BUDGET = { review_code: 0.1, security_review: 0.05, maxTokens: 1024 } as const;

const reviewCode = agentTask(
  {
    name: "review_code",
    model: "sonnet",
    systemPrompt: CODE_REVIEWER_PROMPT,
    maxBudgetUsd: REVIEW_BUDGET.review_code,
    maxTokens: REVIEW_BUDGET.maxTokens,
    timeout: 120,
    args: z.tuple([z.string(), z.string()]),
  },
  async function (agent, code: string, language: string) {
    const review = await agent.query(`Review this ${language} file:\n\`\`\`\n${code}\n\`\`\``);
    // Worth finding again: the team's memory keeps it (docs/memory.md). Losing that loses the memory, not the review.
    await rememberFrom(this, `Code review — ${reviewLabel(language, code)}\n${review}`, { source: "review" }).catch((error: unknown) =>
      console.warn("fasthooks: the review is not in the team's memory:", error),
    );
    return review;
  },
);

/** @byName Claude sub-agents: the seed's `security_review`, run over the REST API (docs/claude-agents.md). */
export const securityReview = agentTask(
  {
    name: "security_review",
    model: "haiku",
    systemPrompt: "You review code for security issues.",
    maxBudgetUsd: REVIEW_BUDGET.security_review,
    maxTokens: REVIEW_BUDGET.maxTokens,
    timeout: 120,
    args: z.tuple([z.string()]),
  },
  (agent, code: string) => agent.query(`Review for security:\n${code}`),
);

const LANGUAGES: Readonly<Record<string, string>> = { py: "Python", ts: "TypeScript" };

/** The team key of a review: what the review depends on, and nothing else. */
async function reviewKey(language: string, content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${language}\0${content}`));
  return `${REVIEW}${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** Where a declaration starts, in the languages reviewed: the line that best says what a file is. */
const DECLARATION = /^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|interface|type|const|enum)\b/;

/**
 * What teammates see on the team page instead of the review's hash: the language, the size and
 * the file's first declaration. Never the path: the team's copy names no member's path.
 */
function reviewLabel(language: string, content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  const first = lines.find((line) => DECLARATION.test(line)) ?? lines.find((line) => line.trim() !== "");
  return `${language}, ${lines.length} line${lines.length === 1 ? "" : "s"}${first ? `: ${first.trim()}` : ""}`;
}

/** In the team's store, under this prefix: a review, keyed by what it depends on (reviewKey). */
const REVIEW = "review:";

/**
 * Only these hooks write review pointers and reviews: the REST API refuses to add, pop or cancel
 * them, so no member's script (or mistake) plants a pointer in a session or a row under a review's key.
 */
export const reviews = new Blueprint().reserveKeys("pending_review:", REVIEW);

reviews.preTool(
  "Write",
  async function startReview(event, { tasks, team, env }) {
    const { file_path, content } = event.tool_input;
    const language = LANGUAGES[/\.(\w+)$/.exec(file_path)?.[1] ?? ""];
    // Without a key every review would fail: no point starting them (the REST API still can).
    if (!language || !env.ANTHROPIC_API_KEY) return;
    const key = await reviewKey(language, content);
    // A file too big to pass as args is not reviewed, quietly.
    const label = reviewLabel(language, content);
    if (!(await unlessTooLarge(team.getOrAdd(reviewCode, [content, language], { key, label })))) return;
    // Stored at once (no run): the next prompt knows which review to look for.
    await pointAt(tasks, reviewPointers, file_path, { key, filePath: file_path }, 3600);
  },
  { whenCut: "skip" },
);

/**
 * On the next prompt (showPointed, in index.ts, with the other team results): a finished review
 * goes to Claude saying which task and member produced it; one still running waits; a failed one
 * is told to the user. Only a review_code row is a review: anything else a member put under the
 * key is not shown.
 */
export const reviewPointers: PointerKind<{ key: string; filePath: string }, string> = {
  prefix: "pending_review:",
  schema: z.object({ key: z.string().startsWith(REVIEW), filePath: z.string() }),
  perPrompt: 20,
  show({ filePath }, found) {
    const review = found?.task === reviewCode.name ? found : null;
    if (review?.status === TaskStatus.PENDING || review?.status === TaskStatus.RUNNING) return "wait";
    if (review?.status === TaskStatus.COMPLETED) {
      const by = `${review.task}, started by ${review.addedBy?.member ?? "an unknown member"}`;
      return [
        context(`Code review of ${filePath} (${by}):\n${review.value}`),
        allow({ message: `Code review of ${filePath} is in Claude's context` }),
      ];
    }
    if (review)
      return [allow({ message: `Code review of ${filePath} ${review.status.toLowerCase()}: ${review.error?.message ?? ""}`.trim() })];
    return [];
  },
};
