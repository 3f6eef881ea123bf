// `npm start` on a fresh clone: give wrangler dev the documented local token.
import { copyFileSync, existsSync, readFileSync } from "node:fs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (local dev token: fasthooks-dev-token)");
} else if (!/^FASTHOOKS_LOCAL=1$/m.test(readFileSync(".dev.vars", "utf8"))) {
  // The public dev token works only where the Worker is told it runs locally.
  console.log("Note: .dev.vars has no FASTHOOKS_LOCAL=1, so the dev token fasthooks-dev-token is refused (see .dev.vars.example)");
}
