import { applyD1Migrations, env } from "cloudflare:test";

// Applies the committed migrations to the test D1 database; applyD1Migrations skips applied ones.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
