// `npm start` on a fresh clone: give wrangler dev the documented local token.
import { copyFileSync, existsSync } from "node:fs";

if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (local dev token: fasthooks-dev-token)");
}
