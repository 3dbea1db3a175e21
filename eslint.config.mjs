import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `const { secret, ...rest } = row` is how we drop a field; `_x` marks a deliberate unused.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // zod comes from lib/validation.ts, which installs the Chinese error map first (issue 11):
    // a schema built from the bare package would answer in English wherever the map was not loaded.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/validation.ts", "lib/env.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "zod", message: "Import { z } from \"@/lib/validation\" (it installs the Chinese error map).", allowTypeImports: true }],
      }],
    },
  },
  globalIgnores([".next/**", ".data/**", "tmp/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
