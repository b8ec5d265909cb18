// Qash refresh tokens, kept only as SHA-256 digests so a copy of D1 hands out no sessions.
import { runQuery, type Database } from "../client";
import { refreshTokens } from "../schema";

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

export async function insertRefreshToken(db: Database, row: RefreshTokenRow): Promise<void> {
  await runQuery(() => db.insert(refreshTokens).values(row));
}
