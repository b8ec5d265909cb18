// Structured JSON log lines. Callers pass facts, never headers or bodies, so no secret is written.
export type LogLevel = "info" | "warn" | "error";

export function log(level: LogLevel, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
