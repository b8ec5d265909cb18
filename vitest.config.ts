import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { configDefaults, defineConfig } from "vitest/config";

// Two projects, one `npm test`: "workers" runs inside workerd against the real Worker, with the same migrations
// `wrangler` applies; "e2e" runs in Node and drives `npm run dev` in a browser.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    test: {
      // Request log lines are noise in a test run; warnings and errors still print.
      onConsoleLog: (line: string) => !line.includes('"level":"info"'),
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: "./src/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                // The suite runs as a deployment does: its own secrets, not the examples, and not local development,
                // whatever a developer's .dev.vars (which the plugin reads too) says. test/security/example-secrets.test.ts
                // runs the Worker with the examples, with and without the flag.
                bindings: {
                  ADMIN_TOKEN: "test-admin-token",
                  TOKEN_SIGNING_KEY: "test-token-signing-key-0123456789abcdef",
                  LOCAL_DEVELOPMENT: "false",
                  TEST_MIGRATIONS: migrations,
                },
                // No test is ever throttled by the partner budget; test/security/rate-limit.test.ts swaps in
                // the tight limiter to see the 429s. Its own namespace keeps its counters apart.
                ratelimits: {
                  PARTNER_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 1_000_000, period: 60 } },
                  TIGHT_PARTNER_RATE_LIMITER: { namespace_id: "9001", simple: { limit: 3, period: 10 } },
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["src/**/*.test.ts", "test/**/*.test.ts"],
            exclude: [...configDefaults.exclude, "test/e2e/**"],
            setupFiles: ["./test/support/apply-migrations.ts"],
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            // One `npm run dev` for every e2e file, started before the first and stopped after the last.
            globalSetup: ["./test/e2e/support/global-setup.ts"],
            // Launching Chromium, and the tooling's first run, take seconds, more on a cold CI machine.
            hookTimeout: 120_000,
            testTimeout: 60_000,
          },
        },
      ],
    },
  };
});
