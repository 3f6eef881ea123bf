// Vite loads each dependency the workerd projects import with its source map, and warns on every
// run when a map points at sources its package does not publish. These packages ship such maps
// (standardwebhooks, imported by @anthropic-ai/sdk, maps to a src/ it leaves out of its tarball):
// their code is loaded without the map. Any other package's broken map still warns.
import { readFile } from "node:fs/promises";
import type { Plugin } from "vitest/config";

const PACKAGES_WITH_UNPUBLISHED_SOURCES = ["standardwebhooks"];

export function withoutUnpublishedSourceMaps(): Plugin {
  const inPackage = new RegExp(`/node_modules/(${PACKAGES_WITH_UNPUBLISHED_SOURCES.join("|")})/.*\\.js$`);
  return {
    name: "fasthooks:without-unpublished-source-maps",
    async load(id) {
      const file = id.split("?")[0]!;
      if (!inPackage.test(file)) return null;
      return (await readFile(file, "utf8")).replace(/^\/\/# sourceMappingURL=.*$/m, "");
    },
  };
}
