// The team's memory, as a team's app file imports it (docs/memory.md).
export { MEMORY_CONTEXT_HEADER, memoryContext, memoryLabel } from "./context";
export { MEMORY_LIMITS, retentionDays } from "./limits";
export { memoryStore, projectOf } from "./team-memory";
export { type RememberOptions, remember, rememberFrom, searchMemory } from "./tasks";
export { searchQuery, searchTerms } from "./terms";
export type * from "./types";
