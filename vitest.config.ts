import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Every test runs inside workerd against the real Worker, with the same migrations `wrangler` applies.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ADMIN_TOKEN: "test-admin-token",
            TOKEN_SIGNING_KEY: "test-token-signing-key-0123456789abcdef",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    resolve: {
      // The vendors' own documents live beside the repository (../shared), as they do in CI.
      alias: { "@shared": fileURLToPath(new URL("../shared", import.meta.url)) },
    },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      setupFiles: ["./test/support/apply-migrations.ts"],
      testTimeout: 30_000,
      // Request log lines are noise in a test run; warnings and errors still print.
      onConsoleLog: (line: string) => !line.includes('"level":"info"'),
    },
  };
});
