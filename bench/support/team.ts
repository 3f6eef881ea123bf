// The simulated team of the team-scale benchmark: members m0000..m0999, m0000 an admin.
export const BENCH_TEAM = "bench-team";

export const memberToken = (i: number) => `bench-member-token-${String(i).padStart(4, "0")}`;

export function benchTokens(team: string, members: number) {
  return Object.fromEntries(
    Array.from({ length: members }, (_, i) => [memberToken(i), { team, member: `m${String(i).padStart(4, "0")}`, admin: i === 0 }]),
  );
}
