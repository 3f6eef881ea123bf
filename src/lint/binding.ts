import type Linter from "../../linter/src/index";

/** The LINTER service binding: RPC to the linter Worker's default entrypoint. */
export type LinterBinding = Service<Linter>;

/**
 * The linter Worker's service binding, or undefined where the deployment has none (a team
 * that left the linter out, or a Workers Free account where it cannot be deployed). Read
 * through here, not `env.LINTER`, because `wrangler types` may or may not know the binding.
 */
export function linterOf(env: Env | undefined): LinterBinding | undefined {
  return (env as { LINTER?: LinterBinding } | undefined)?.LINTER;
}
