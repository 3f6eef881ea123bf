// What follows a deploy, printed with the URL wrangler reported.

export function printNextSteps(url: string | undefined, log: (line?: string) => void): void {
  const shown = url ?? "https://<your Worker's URL>";
  log("\nNext steps");
  log(`   The Worker (and the team page) answers at ${shown}`);
  log("   Give each member their own token (its key in your tokens file), privately. On each member's machine:");
  log(`     export FASTHOOKS_URL=${shown}`);
  log("     export FASTHOOKS_TOKEN=<their token>");
  log("     npx fasthooks-workers install   # in the project they run Claude Code in");
  log("     npx fasthooks-workers doctor");
  log("   Add, remove or rotate a member: edit the tokens file, then npm run deploy -- --tokens tokens.json");
  log("   The Worker's log: npx wrangler tail");
}
