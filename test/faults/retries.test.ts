// Every retry loop backs off: a completion its account keeps refusing to take is retried by the reference's
// alarm at growing intervals (not every 250 ms for ever), and once the account takes it the delay resets.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { projection_retry_ms_max } from "../../src/durable/limits";
import type { ReferenceObject } from "../../src/reference/reference-object";
import { referenceObject } from "../../src/reference/stub";
import { createDeposit, listDeposits, openAccount, reportPayment, sophicClient } from "../support/sophic";

/** Whether the wrapped delivery fails; the object runs in this test's isolate, so it reads this variable. */
let accountDown = true;

describe("retries back off", () => {
  it("a completion its account cannot take is retried at doubling intervals up to the cap, then applied once it can", async () => {
    const client = await sophicClient();
    const account = await openAccount(client);
    const deposit = await createDeposit(client, account.id, { amount: "12.00" });
    const reference = referenceObject(env, client.partner.id, deposit.payment_reference);
    await runInDurableObject(reference, (instance: ReferenceObject) => {
      const deliver = instance.deliverCompletion;
      instance.deliverCompletion = async (accountId, completion) => {
        if (accountDown) throw new Error("simulated: account unreachable");
        return deliver(accountId, completion);
      };
    });
    expect((await reportPayment(client, { payment_reference: deposit.payment_reference, amount: "12.00" })).status).toBe("matched");

    const nextDelays: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      nextDelays.push(await runInDurableObject(reference, async (_instance, state) => ((await state.storage.getAlarm()) ?? 0) - Date.now()));
      expect(await runDurableObjectAlarm(reference)).toBe(true);
    }
    // Each failure waits at least half its doubled base: 125, 250, 500 ms ... up to the cap.
    for (let index = 1; index < nextDelays.length; index += 1) expect(nextDelays[index] as number).toBeGreaterThan(Math.min(projection_retry_ms_max / 2, 120 * 2 ** index) - 50);
    expect(nextDelays.at(-1) as number).toBeGreaterThan(projection_retry_ms_max / 2 - 1_000);
    expect(await reference.pendingCompletions()).toBe(1);
    expect((await listDeposits(client, account.id))[0]?.status).toBe("open");

    accountDown = false;
    expect(await runDurableObjectAlarm(reference)).toBe(true);
    expect(await reference.pendingCompletions()).toBe(0);
    expect((await listDeposits(client, account.id))[0]?.status).toBe("completed");
  });
});
