export const TEST_TOKENS = {
  "client-test-token-alice": { team: "team-a", member: "alice" },
  "client-test-token-bob-0": { team: "team-a", member: "bob" },
  "client-test-token-admin": { team: "team-a", member: "ada", admin: true },
  "client-test-token-carol": { team: "team-b", member: "carol" },
  // A team of its own, whose lists hold exactly what one test put there.
  "client-test-token-pages": { team: "team-pages", member: "paige" },
};

export const ALICE = "client-test-token-alice";
export const BOB = "client-test-token-bob-0";
export const CAROL = "client-test-token-carol";
export const PAGES = "client-test-token-pages";
