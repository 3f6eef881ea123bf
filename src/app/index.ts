/**
 * What this deployment serves: the hooks of the team's app (src/app/ is the folder a team
 * edits). The default is fasthooks' own examples (the "Background Tasks" guide), under their
 * names, so they can be tried at once: the tasks in tasks.ts, the reviews in reviews.ts, the
 * documentation prefetch in documentation.ts, the memory lookup in memory.ts.
 */
import { allow, ask, context, deny, HookApp, showPointed, unlessTooLarge } from "../hooks";
import { documentation, documentPointers } from "./documentation";
import { isEnvFile } from "./env-files";
import { linting } from "./lint";
import { memory } from "./memory";
import { reviewPointers, reviews } from "./reviews";
import { analyzeCode } from "./tasks";

// The seed's Quick Start and use cases, and one small policy. Handlers of an event run in the
// order they are registered here; the first that decides (deny, block...) ends the run.

export const app = new HookApp();

/**
 * Policy: .env files hold secrets; Claude does not write them, under any name the file system
 * reads as one (`.ENV`, `.env `, `.env::$DATA`: see env-files.ts). It judges by the path alone,
 * so it runs on an event too large to read whole, unless the path itself was cut.
 */
app.preTool(
  "Write|Edit",
  function protectEnvFiles(event, { cut }) {
    const path = event.tool_input.file_path;
    if (cut?.includes("tool_input.file_path")) return ask(`fasthooks: a file path too long to check; you decide`);
    const envFile = isEnvFile(path);
    if (envFile === "maybe") return ask(`fasthooks: ${path} may be the short name of a .env file; you decide`);
    if (envFile) return deny(`fasthooks: ${path} holds secrets; edit it by hand, not through Claude`);
  },
  { whenCut: "run" },
);

/**
 * Quick Start: start the analysis of what is written, without waiting for it. A file too big
 * to pass as a task's args (or to read whole) is not analysed, quietly.
 */
app.preTool(
  "Write",
  async function analyzeWrites(event, { tasks }) {
    await unlessTooLarge(tasks.add(analyzeCode, [event.tool_input.content]));
  },
  { whenCut: "skip" },
);

/**
 * On the next prompt: the analysis, if it is ready, goes to Claude as context (Claude Code shows
 * additionalContext to the model) and to the user as a systemMessage, saying which task and
 * member produced it; failed tasks are reported.
 */
app.onPrompt(async function showResults(_event, { tasks }) {
  const responses = [];
  const analysis = await tasks.get<string>(analyzeCode);
  if (analysis?.status === "COMPLETED" && (await tasks.pop(analyzeCode)) !== null) {
    const text = `Previous analysis (${analysis.task}, started by ${analysis.addedBy?.member ?? "an unknown member"}): ${analysis.value}`;
    responses.push(context(text), allow({ message: text }));
  }
  for (const [key, error] of await tasks.popErrors()) {
    responses.push(allow({ message: `Background task ${key} failed: ${error.name}: ${error.message}` }));
  }
  return responses;
});

/** Claude reviews of written .py and .ts files, shared by the team (reviews.ts). */
app.include(reviews);

/** Pages Claude is about to WebFetch, fetched in the background and shared by the team (documentation.ts). */
app.include(documentation);

/** On the next prompt, the reviews and pages those started: the team's store read once for all (src/hooks/pointers.ts). */
app.onPrompt(showPointed(reviewPointers, documentPointers));

/** The team's memory: what the last prompt's search found, to Claude; a search for this prompt (memory.ts). */
app.include(memory);

/** Ruff's findings on written or edited .py files, on the next prompt (lint.ts; the linter Worker in linter/). */
app.include(linting);

/**
 * When Claude stops, say so if the analysis is ready; never wait for it (a hook holds the turn,
 * and the analysis reaches Claude on the next prompt anyway).
 */
app.onStop(async function announceAnalysis(_event, { tasks }) {
  const analysis = await tasks.get(analyzeCode);
  if (analysis?.status === "COMPLETED") return allow({ message: `Analysis finished: ${analysis.value}` });
});
