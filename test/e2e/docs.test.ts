// GET /docs in a real browser against the real Worker (`npm run dev`): the page loads with no script error
// and no request to any other origin, lists the deposit endpoints, and its "Try it out" reaches the Worker.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumInstalled, install_hint, launchChromium } from "./support/chromium";
import { sharedDevServer, type SharedDevServer } from "./support/shared-dev-server";

// In CI a missing Chromium fails the run (`.ci/run` installs it); on a developer's machine it only skips.
const runnable = chromiumInstalled() || process.env.CI !== undefined;
if (!runnable) console.warn(`Skipping the browser test of /docs. ${install_hint}`);

type PartnerCredentials = { id: string; apiKey: string; apiSecret: string };

describe.runIf(runnable)("GET /docs in Chromium", () => {
  const server: SharedDevServer = sharedDevServer();
  let browser: Browser | undefined;
  let page: Page;
  /** Console errors, uncaught exceptions, and requests that left the Worker's origin: each one fails the test. */
  const problems: string[] = [];

  beforeAll(async () => {
    if (!chromiumInstalled()) throw new Error(install_hint);
    browser = await launchChromium();
    page = await browser.newPage();
    const origin = server.baseUrl;
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith("data:")) problems.push(`request to another origin: ${url}`);
    });
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? "unknown"})`));
  });

  afterAll(async () => {
    await browser?.close();
  });

  function operation(method: string, path: string): Locator {
    return page.locator(`.opblock.opblock-${method}`, { has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  }

  /** Opens an operation and switches it to "Try it out". */
  async function tryOut(method: string, path: string): Promise<Locator> {
    const block = operation(method, path);
    await block.locator(".opblock-summary").click();
    await block.locator("button.try-out__btn").click();
    return block;
  }

  /** Presses Execute and reads the live response Swagger UI shows: the status and the body, as the browser received them. */
  async function execute(block: Locator): Promise<{ status: string; body: string }> {
    // A previous try's answer would be read as this one's: clear it first.
    const clear = block.locator("button.btn-clear");
    if (await clear.isVisible()) {
      await clear.click();
      await block.locator(".live-responses-table").waitFor({ state: "detached" });
    }
    await block.locator("button.execute").click();
    const status = block.locator(".live-responses-table tbody .response-col_status").first();
    await status.waitFor();
    const body = (await block.locator(".live-responses-table .response-col_description pre").first().textContent()) ?? "";
    return { status: ((await status.textContent()) ?? "").trim(), body };
  }

  async function createPartner(): Promise<PartnerCredentials> {
    const response = await fetch(`${server.baseUrl}/admin/partners`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Docs browser test" }),
    });
    if (response.status !== 201) throw new Error(`creating a partner answered ${response.status}: ${await response.text()}`);
    return response.json<PartnerCredentials>();
  }

  it("loads with every operation of /openapi.json, the deposit endpoints among them", async () => {
    const document = await (await fetch(`${server.baseUrl}/openapi.json`)).json<{ paths: Record<string, Record<string, unknown>> }>();
    const operationCount = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);

    const response = await page.goto(`${server.baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator(".opblock").count(), { timeout: 30_000 }).toBe(operationCount);
    await expect(operation("post", "/api/v1/user/deposit").isVisible()).resolves.toBe(true);
    await expect(operation("post", "/accounts/{account_id}/deposits").isVisible()).resolves.toBe(true);
    await expect(operation("get", "/accounts/{account_id}/deposits/{deposit_id}").isVisible()).resolves.toBe(true);
    expect(await page.title()).toBe("deposit-ledger API reference");
  });

  it("tries GET /health against the Worker", async () => {
    const result = await execute(await tryOut("get", "/health"));
    expect(result.status).toBe("200");
    expect(JSON.parse(result.body)).toEqual({ status: "ok" });
  });

  it("issues a Sophic token through the form, authorizes with it, and calls a bearer route", async () => {
    const partner = await createPartner();
    const tokenForm = await tryOut("post", "/auth/token");
    await tokenForm.locator('tr[data-property-name="client_id"] input[type=text]').fill(partner.apiKey);
    await tokenForm.locator('tr[data-property-name="client_secret"] input[type=text]').fill(partner.apiSecret);
    await tokenForm.locator('tr[data-property-name="scope"] input[type=text]').fill("");
    const issued = await execute(tokenForm);
    expect(issued.status).toBe("200");
    const token = JSON.parse(issued.body) as { access_token: string; token_type: string };
    expect(token.token_type).toBe("bearer");

    await page.locator(".auth-wrapper button.authorize").click();
    const scheme = page.locator(".modal-ux .auth-container", { has: page.locator("h4 code", { hasText: /^HTTPBearer$/ }) });
    await scheme.locator("input[type=text]").fill(token.access_token);
    await scheme.locator("button.authorize").click();
    await page.locator(".modal-ux button.close-modal").click();

    const whoAmI = await execute(await tryOut("get", "/auth/whoami"));
    expect(whoAmI.status).toBe("200");
    expect(JSON.parse(whoAmI.body)).toMatchObject({ partner_id: partner.id, name: "Docs browser test" });
  });

  it("tries an idempotent POST twice and gets two new accounts: no Idempotency-Key is prefilled", async () => {
    // Runs after the test above, which authorized HTTPBearer on this page.
    const block = await tryOut("post", "/accounts");
    const key = block.locator('tr[data-param-name="Idempotency-Key"] input');
    await expect(key.inputValue()).resolves.toBe("");
    const first = await execute(block);
    const second = await execute(block);
    expect([first.status, second.status]).toEqual(["201", "201"]);
    const ids = [first, second].map((result) => (JSON.parse(result.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
  });

  it("raised no console error, no page error, and reached no other origin", () => {
    expect(problems).toEqual([]);
  });
});
