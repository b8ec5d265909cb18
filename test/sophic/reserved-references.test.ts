// Generated payment references are reserved: a chosen one that could be generated would share another
// deposit's reference object (references match regardless of case) and break that deposit's funding.
import { beforeAll, describe, expect, it } from "vitest";
import { generatedPaymentReference, isGeneratedReference } from "../../src/ledger/payment-reference";
import { partnerSnapshot } from "../support/partner-snapshot";
import { createPartnerWorld, type PartnerWorld } from "../support/partner-world";
import { createDeposit, expectSophicError, postDeposit, reportPayment } from "../support/sophic";

/** The same reference with the case of every letter flipped. */
const flipCase = (text: string): string => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");

describe("a chosen payment reference of the generated shape", () => {
  let world: PartnerWorld;
  let baseline: string;

  beforeAll(async () => {
    world = await createPartnerWorld();
    // The world's open deposit was given a generated reference.
    expect(world.openReference).toMatch(/^DL[0-9A-HJKMNP-TV-Z]{9,}$/);
    baseline = await partnerSnapshot(world);
  }, 60_000);

  const reserved: [string, (world: PartnerWorld) => string][] = [
    ["another deposit's, as generated", (w) => w.openReference],
    ["another deposit's, in lower case", (w) => w.openReference.toLowerCase()],
    ["another deposit's, in mixed case", (w) => flipCase(w.openReference.slice(0, 5)) + w.openReference.slice(5)],
    ["one a future deposit would be generated", (w) => generatedPaymentReference(Number(w.openDepositId) + 1_000_000)],
    ["the largest id's", () => generatedPaymentReference(Number.MAX_SAFE_INTEGER).toLowerCase()],
  ];

  it.each(reserved)("is refused with 400 invalid_param at payment_reference: %s, and nothing changes", async (_name, reference) => {
    const response = await postDeposit(world.sophic, world.sophicAccountId, { amount: "100.00", payment_reference: reference(world) }, { "Idempotency-Key": `reserved-${crypto.randomUUID()}` });
    const error = await expectSophicError(response, 400, "invalid_param");
    expect(error.params).toEqual([{ path: ["payment_reference"], detail: expect.stringContaining("generated"), code: "invalid_param" }]);
    const after = await partnerSnapshot(world);
    expect(after).toBe(baseline);
  });

  it("leaves the generated reference's own deposit fundable, by a payment in any case", async () => {
    const payment = await reportPayment(world.sophic, { payment_reference: world.openReference.toLowerCase(), amount: world.openAmount });
    expect(payment).toMatchObject({ status: "matched", deposits: [world.openDepositId] });
  });

  it("keeps accepting references that only look alike: a wrong check character, a separator, another prefix", async () => {
    const generated = generatedPaymentReference(123_456);
    const last = generated.at(-1) === "0" ? "1" : "0";
    for (const reference of [`${generated.slice(0, -1)}${last}`, `DL-${generated.slice(2)}`, `DX${generated.slice(2)}`, `${generated}0`]) {
      expect(isGeneratedReference(reference), reference).toBe(false);
      const deposit = await createDeposit(world.sophic, world.sophicAccountId, { amount: "1.00", payment_reference: reference });
      expect(deposit.payment_reference).toBe(reference);
    }
  });
});
