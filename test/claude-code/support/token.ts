/** The one member token of the suite's Worker (team "cc", member "ada"). */
export const TOKEN = "claude-code-test-token-ada";

/** A teammate's token (team "cc", member "bob"): the memory and prefetch are shared with him. */
export const TEAMMATE_TOKEN = "claude-code-test-token-bob";
