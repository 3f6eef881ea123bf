// fasthooks-workers: the command shim (`hook`) and the team's CLI. Claude Code starts a Node
// process for every hook event, so this file holds the shim alone (no dependencies: Node's own
// modules); every other command is in cli.js, loaded only when asked for.
import { runHook } from "./hook";

const [command, ...rest] = process.argv.slice(2);
if (command === "hook" && !rest.some((arg) => arg === "--help" || arg === "-h")) {
  void runHook();
} else {
  void import("./cli.js").then(({ runCli }) => runCli(command === undefined ? [] : [command, ...rest]));
}
