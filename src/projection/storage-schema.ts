// The projection hub's own SQLite schema: only the outbox it drains into D1. Steps are append-only.
import { migrateStorage } from "../durable/migrate";

const steps: readonly string[] = [
  `CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL, created_at_ms INTEGER NOT NULL);`,
];

export function migrateHubStorage(storage: DurableObjectStorage): void {
  migrateStorage(storage, steps);
}
