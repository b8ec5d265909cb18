// Model-based property tests: random sequences of commands across both dialects, run against the real Worker
// and a small in-memory model (reference-model.ts); after every step the whole ledger is held to the model
// (observe.ts). A failure prints fast-check's seed and path; config.ts says how to replay it or run longer.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ledgerCommands } from "./commands";
import { count, coverage } from "./step";
import { default_model_seed, model_budget_ms, model_path, model_runs, model_seed, model_steps } from "./config";
import { ReferenceModel, type Bucket } from "./reference-model";
import { compare, observe } from "./observe";
import { createWorld } from "./world";

/** Outcomes the generated runs must reach, or the property would be checking less than it claims. */
const must_reach = [
  "qash-deposit applied",
  "qash-deposit replayed",
  "qash-deposit refused currency_not_supported",
  "qash-deposit refused idempotency_key_conflict",
  "sophic-deposit applied",
  "sophic-deposit refused idempotency_key_conflict",
  "sophic-deposit refused reserved_reference",
  "payment matched",
  "payment unmatched",
  "payment replayed",
  "payment refused idempotency_key_conflict",
  "cancel applied",
  "cancel refused deposit_not_open",
  "keyed burst of sophic-deposit",
  "burst of payment",
];

/** The property: any sequence of commands leaves the ledger exactly where the model says. */
function ledgerMatchesModel(makeModel: () => ReferenceModel) {
  return fc.asyncProperty(ledgerCommands(model_steps), async (commands) => {
    const setup = async () => {
      const model = makeModel();
      const world = await createWorld(model);
      count("runs");
      compare(world, model, await observe(world), false);
      return { model, real: world };
    };
    await fc.asyncModelRun(setup, commands);
  });
}

describe("the ledger against its model", () => {
  it(
    `${model_runs} random runs of up to ${model_steps} commands keep balances, journals, books, completions and refusals as the model says`,
    async () => {
      coverage.clear();
      await fc.assert(ledgerMatchesModel(() => new ReferenceModel()), {
        seed: model_seed,
        path: model_path,
        numRuns: model_runs,
        plugins: [fc.interruptAfterTimeLimit(model_budget_ms)],
      });
      // fast-check counts a run only once it finished; a run cut by the time budget passes with fewer (said here).
      const runs = coverage.get("runs") ?? 0;
      const cut = runs < model_runs && model_path === undefined ? ` (stopped by the ${model_budget_ms / 1000} s budget)` : "";
      console.warn(`model seed ${model_seed}, ${runs} runs${cut}: ${[...coverage].sort().map(([label, n]) => `${label} ${n}`).join(", ")}`);
      // The CI seed's runs must reach every kind of outcome promised, so the generator cannot quietly stop
      // covering one. Another seed (a longer local run, a replayed path) may miss a kind by chance: then it is
      // reported above, not failed.
      if (model_path === undefined && model_seed === default_model_seed) {
        for (const label of must_reach) expect(coverage.get(label) ?? 0, label).toBeGreaterThan(0);
      }
    },
    model_budget_ms + 60_000,
  );
});

/** A model that expects one minor unit too many in settled after every Qash deposit. */
class SkewedModel extends ReferenceModel {
  protected override move(accountId: number, currency: string, bucket: Bucket, amount: number): void {
    super.move(accountId, currency, bucket, bucket === "settled" && this.account(accountId).dialect === "qash" && amount > 0 ? amount + 1 : amount);
  }
}

/** A model that forgets a key's first answer, so it expects a retry to move money again. */
class ForgetfulModel extends ReferenceModel {
  override predict(input: Parameters<ReferenceModel["predict"]>[0]) {
    return super.predict({ ...input, key: null });
  }
}

describe("the property can fail", () => {
  it.each([
    ["a wrong expected balance", () => new SkewedModel()],
    ["a model that forgets idempotency keys", () => new ForgetfulModel()],
  ])("catches %s", async (_name, makeModel) => {
    const details = await fc.check(ledgerMatchesModel(makeModel), { seed: model_seed, numRuns: 10, endOnFailure: true });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/differs|expected|replay/);
  }, 120_000);
});
