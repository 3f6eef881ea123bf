/** The one member token of the suite's Worker (team "cc", member "ada"). */
export const TOKEN = "claude-code-test-token-ada";
