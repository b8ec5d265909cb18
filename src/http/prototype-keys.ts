// Keys a JavaScript consumer of stored JSON could trip on: assigning `__proto__` sets an object's
// prototype, and `constructor.prototype` reaches a shared one. Free-form JSON the ledger stores
// (deposit metadata) may not carry them, so no partner's data can become another program's exploit.
const prototype_keys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The first prototype key at any depth of a parsed JSON value, or null. Iterative, so depth costs no stack. */
export function prototypeKeyIn(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== "object") continue;
    for (const key of Object.keys(current)) {
      if (prototype_keys.has(key)) return key;
      pending.push((current as Record<string, unknown>)[key]);
    }
  }
  return null;
}
