/**
 * The guide's "Memory/Context Lookup", its `search_memory`, on the team's memory (src/memory/,
 * docs/memory.md): on each prompt, the memories the previous prompt's search found go to Claude
 * as context, labelled with whose they are, and a new search starts from this prompt. The
 * search runs as a task: the prompt's answer only takes the previous result and queues the next
 * search, both in the session's own store.
 *
 * The prompt is a query, not a memory: only its search terms are kept, as the search's args, in
 * the member's session, until the next prompt takes the result (at most 30 minutes). A member
 * who wants a prompt kept says so: "remember: ..." (theirs alone) or "remember for the team: ...".
 */
import { allow, Blueprint, context } from "../hooks";
import { MEMORY_LIMITS, memoryContext, remember, searchMemory, searchQuery } from "../memory";

const REMEMBER = /^\s*remember( for the team)?:\s*(\S[\s\S]*)$/i;

export const memory = new Blueprint().onPrompt(async function lookUpMemory(event, { tasks, member, cut }) {
  const responses = [];
  const found = await tasks.pop(searchMemory);
  if (found?.length) {
    responses.push(
      context(memoryContext(found, member.member)),
      allow({
        message: `fasthooks: ${found.length} ${found.length === 1 ? "memory" : "memories"} from the team's memory are in Claude's context`,
      }),
    );
  }
  const asked = REMEMBER.exec(event.prompt);
  if (asked) {
    if (cut?.includes("prompt") || asked[2]!.trim().length > MEMORY_LIMITS.textMaxChars) {
      responses.push(allow({ message: `fasthooks: too long to remember (${MEMORY_LIMITS.textMaxChars} characters at most)` }));
      return responses;
    }
    // Kept from the queue (no call to the memory on this answer's path), in this member's name.
    const scope = asked[1] ? "team" : "member";
    await tasks.add(remember, [asked[2]!.trim(), { scope }], { key: `remember:${Date.now()}` });
    responses.push(allow({ message: `fasthooks: remembered${scope === "team" ? " for the team" : " for you alone"}` }));
    return responses;
  }
  const query = searchQuery(event.prompt);
  if (query) await tasks.add(searchMemory, [query]);
  return responses;
});
