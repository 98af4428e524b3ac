import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/**
 * The guard rails of the shape (ARCHITECTURE.md): typed rules that catch what the compiler lets
 * through, and the import boundaries that keep arrows pointing inward. CI runs `npm run lint`.
 */

/** A relative import that climbs to the repository root and then into `dir`. */
const into = (dir) => `^(\\.\\./)+${dir}(/|$)`;

/** The front ends under bots/; each stands alone and shares only bots/http (the one server). */
const BOTS = ["admin", "api", "console", "discord", "gallery", "slack"];

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const BOTS_NEVER_IMPORT_CONVEX = [
  { regex: into("convex"), message: "bots never import convex/: go through core (core/stores/convex is the one Convex client)." },
  { regex: "^convex(/|$)", message: "bots never talk to Convex: go through core (core/stores/convex is the one Convex client)." },
];
const CORE_NEVER_IMPORTS_BOTS = { regex: into("bots"), message: "core never imports bots: the arrows point inward (bots -> core)." };

export default defineConfig(
  { ignores: ["node_modules/", "data/", "convex/_generated/", "coverage/", ".node/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      // A promise nobody awaits loses its rejection: await it, return it, or say `void` on purpose.
      "@typescript-eslint/no-floating-promises": "error",
      // A new member of a union (a job status, a platform, a command) must be handled everywhere
      // it is switched on, or the switch must say `default` explicitly.
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  // The version guard runs under old Node (plain JS, no types to check).
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: "readonly" } },
  },

  // Import boundaries.
  { files: ["bots/*.ts"], rules: restrict(...BOTS_NEVER_IMPORT_CONVEX) },
  ...BOTS.map((bot) => ({
    files: [`bots/${bot}/**/*.ts`],
    rules: restrict(...BOTS_NEVER_IMPORT_CONVEX, {
      regex: `^(\\.\\./)+(${BOTS.filter((b) => b !== bot).join("|")})/`,
      message: `one bot never imports another: share through core, or bots/http for the server.`,
    }),
  })),
  { files: ["bots/http/**/*.ts"], rules: restrict(...BOTS_NEVER_IMPORT_CONVEX, { regex: into(`(${BOTS.join("|")})`), message: "bots/http is shared by every bot and imports none of them." }) },
  { files: ["core/**/*.ts"], rules: restrict(CORE_NEVER_IMPORTS_BOTS) },
  {
    // The engine sees only ports (and the domain's plain rules, and the logger's type); what
    // implements a port (providers, stores, storage) is chosen by the composition root.
    files: ["core/engine/**/*.ts"],
    rules: restrict(CORE_NEVER_IMPORTS_BOTS, {
      regex: "^\\.\\./(?!(ports|domain|domain/rules|logging|fonts)/[^/]+$)",
      message: "the engine sees only ports: import core/ports (or core/domain), never an adapter (providers, stores, storage, config).",
    }),
  },
  {
    // A mutation built on the raw builders would write without the triggers that move
    // workspaces.actorRevision, and cached actors would miss its change.
    files: ["convex/**/*.ts"],
    ignores: ["convex/model/actorRevision.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "_generated/server(\\.js)?$",
              importNames: ["mutation", "internalMutation"],
              message: "build mutations with model/actorRevision.ts (mutation, internalMutation): its triggers see every write.",
            },
            {
              regex: "^convex/server$",
              importNames: ["mutationGeneric", "internalMutationGeneric"],
              message: "build mutations with model/actorRevision.ts (mutation, internalMutation): its triggers see every write.",
            },
          ],
        },
      ],
    },
  },
);
