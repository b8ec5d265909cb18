// Small HTTP helpers for setup and probes (undici's fetch); the load itself goes through autocannon.
const request_timeout_ms = 15_000;

export async function call(base, method, path, { headers = {}, body, form, expect = [200, 201] } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(request_timeout_ms) };
  if (form !== undefined) {
    init.headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, base), init);
  const text = await response.text();
  if (!expect.includes(response.status)) throw new Error(`${method} ${path}: expected ${expect.join(" or ")}, got ${response.status}: ${text.slice(0, 500)}`);
  return text.length > 0 ? JSON.parse(text) : null;
}

/** Runs `task` over `items` with at most `concurrency` in flight; the order of results follows `items`. */
export async function mapLimit(items, concurrency, task) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
