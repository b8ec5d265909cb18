import { describe, expect, it } from "vitest";
import { IsolateCache } from "./isolate-cache";

describe("IsolateCache", () => {
  it("answers a stored value until it expires, then forgets it", () => {
    const cache = new IsolateCache<string>(4);
    cache.set("a", "first", 1_000);
    expect(cache.get("a", 999)).toBe("first");
    expect(cache.get("a", 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never holds more than its bound: the entry stored longest ago goes first", () => {
    const cache = new IsolateCache<number>(2);
    cache.set("a", 1, 10_000);
    cache.set("b", 2, 10_000);
    cache.set("c", 3, 10_000);
    expect(cache.size).toBe(2);
    expect(cache.get("a", 0)).toBeUndefined();
    expect(cache.get("b", 0)).toBe(2);
    expect(cache.get("c", 0)).toBe(3);
  });

  it("stores a key again as the newest entry", () => {
    const cache = new IsolateCache<number>(2);
    cache.set("a", 1, 10_000);
    cache.set("b", 2, 10_000);
    cache.set("a", 10, 10_000);
    cache.set("c", 3, 10_000);
    expect(cache.get("a", 0)).toBe(10);
    expect(cache.get("b", 0)).toBeUndefined();
  });
});
