// Sends model inputs through the Worker — one at a time, several identical ones at once, independent ones
// together, a cancel racing a payment, two requests under one key — and holds every answer to what the model
// allows (for concurrent ones: to some serial order of them) before telling the model what happened.
import { vendorProblems } from "../support/sophic-schema";
import type { LedgerInput, PaymentInput, CancelInput, Prediction, RefusalKind, ReferenceModel } from "./reference-model";
import { decimal, describeInput, send, type AmountStyle, type Answer, type World } from "./world";

const success_status: Record<LedgerInput["op"], number> = { "qash-deposit": 200, "sophic-deposit": 201, cancel: 200, payment: 201 };

/** Each refusal as the input's dialect words it: status and error code. */
function refusalShape(input: LedgerInput, refusal: RefusalKind): { status: number; code: string } {
  const qash = input.op === "qash-deposit";
  switch (refusal) {
    case "route_currency":
      return qash ? { status: 400, code: "INVALID_PARAM" } : { status: 400, code: "currency_not_supported" };
    case "reserved_reference":
      return { status: 400, code: "invalid_param" };
    case "account_not_found":
    case "deposit_not_found":
      return { status: 404, code: qash ? "NOT_FOUND" : "not_found" };
    case "idempotency_key_conflict":
      return { status: 409, code: qash ? "IDEMPOTENCY_KEY_CONFLICT" : "idempotency_key_conflict" };
    case "currency_not_supported":
      return { status: 400, code: qash ? "CURRENCY_NOT_SUPPORTED" : "currency_not_supported" };
    case "deposit_not_open":
      return { status: 409, code: "conflict" };
  }
}

type Body = Record<string, unknown>;
const isBody = (value: unknown): value is Body => typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON with sorted keys: two answers are the same answer when these agree. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isBody(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  return JSON.stringify(value) ?? "undefined";
}

/** What a fresh success must say, field by field; the first disagreement, or null. */
function freshProblem(model: ReferenceModel, input: LedgerInput, plan: Prediction & { kind: "apply" }, body: Body): string | null {
  const expect = (fields: Body): string | null => {
    for (const [name, value] of Object.entries(fields)) if (canonical(body[name]) !== canonical(value)) return `${name} is ${canonical(body[name])}, expected ${canonical(value)}`;
    return null;
  };
  switch (input.op) {
    case "qash-deposit":
      if (typeof body.id !== "number") return "no numeric id";
      return expect({ status: "COMPLETED", amount: input.amountMinor });
    case "sophic-deposit": {
      const schema = vendorProblems("Deposit", body)[0];
      if (schema !== undefined) return `not a vendor Deposit: ${schema}`;
      if (model.deposits.has(Number(body.id))) return `deposit id ${String(body.id)} was already used`;
      const reference = input.reference ?? (typeof body.payment_reference === "string" && /^DL[0-9A-Z]{9,13}$/.test(body.payment_reference) ? body.payment_reference : "a generated DL reference");
      return expect({ account: String(input.accountId), amount: decimal(input.amountMinor), currency: input.currency, payment_reference: reference, was_advanced: input.advance, status: "open" });
    }
    case "cancel": {
      const schema = vendorProblems("Deposit", body)[0];
      if (schema !== undefined) return `not a vendor Deposit: ${schema}`;
      const deposit = model.deposit(input.depositId);
      return expect({ id: String(deposit.id), account: String(deposit.accountId), amount: decimal(deposit.amountMinor), was_advanced: deposit.advanced, status: "canceled" });
    }
    case "payment": {
      const payment = plan.payment;
      if (payment === null) return "model: a payment without a plan";
      const deposits = Array.isArray(body.deposits) ? [...body.deposits].map(Number).sort((a, b) => a - b) : body.deposits;
      if (canonical(deposits) !== canonical(payment.depositIds)) return `deposits are ${canonical(body.deposits)}, expected ${canonical(payment.depositIds)}`;
      return expect({ payment_reference: input.reference, amount: decimal(input.amountMinor), currency: input.currency, status: payment.matched ? "matched" : "unmatched" });
    }
  }
}

/** Why `answer` is not one the prediction allows, or null when it is. */
export function answerProblem(model: ReferenceModel, input: LedgerInput, prediction: Prediction, answer: Answer): string | null {
  const body = answer.body;
  if (prediction.kind === "refused") {
    const shape = refusalShape(input, prediction.refusal);
    const code = isBody(body) ? body.code : undefined;
    return answer.status === shape.status && code === shape.code ? null : `expected ${shape.status} ${shape.code} (${prediction.refusal})`;
  }
  if (answer.status !== success_status[input.op]) return `expected ${success_status[input.op]} (${prediction.kind})`;
  if (prediction.kind === "replay") {
    if (!answer.replayed) return "a replay without Idempotent-Replayed: true";
    return canonical(body) === canonical(prediction.answer) ? null : `the replay differs from the first answer ${canonical(prediction.answer)}`;
  }
  if (answer.replayed) return "a first answer marked Idempotent-Replayed";
  return isBody(body) ? freshProblem(model, input, prediction, body) : "the body is not a JSON object";
}

function fail(world: World, what: string, problem: string, answers: readonly Answer[]): never {
  const shown = answers.map((answer) => `${answer.status}${answer.replayed ? " (replayed)" : ""} ${canonical(answer.body)}`).join("\n    ");
  throw new Error(`${what}: ${problem}\n    ${shown}\n  steps so far:\n    ${world.trace.slice(-30).join("\n    ")}`);
}

/** Tells the model what a fresh success did, with the ids the ledger chose. */
function applyAnswer(world: World, model: ReferenceModel, input: LedgerInput, prediction: Prediction & { kind: "apply" }, answer: Answer): void {
  const body = answer.body as Body;
  switch (input.op) {
    case "qash-deposit":
      return model.applyCredit(input, body);
    case "sophic-deposit":
      // Its reference object is observed from now on (a generated reference is first known here).
      world.references.add(String(body.payment_reference));
      return model.applyDeposit(input, Number(body.id), String(body.payment_reference), body);
    case "cancel":
      return model.applyCancel(input, body);
    case "payment":
      if (prediction.payment === null) throw new Error("model: a payment without a plan");
      return model.applyPayment(input, prediction.payment, Number(body.id), body);
  }
}

/** Holds one answer to the model's prediction and applies it. Returns whether the command was refused. */
function settle(world: World, model: ReferenceModel, input: LedgerInput, answer: Answer, what: string): boolean {
  const prediction = model.predict(input);
  count(outcomeLabel(input, prediction));
  const problem = answerProblem(model, input, prediction, answer);
  if (problem !== null) fail(world, what, problem, [answer]);
  if (prediction.kind === "apply") applyAnswer(world, model, input, prediction, answer);
  return prediction.kind === "refused";
}

export type StepOutcome = { refused: boolean };

/** How often each kind of outcome was met, so the test can show the generator reaches what it claims to. */
export const coverage = new Map<string, number>();

export function count(label: string): void {
  coverage.set(label, (coverage.get(label) ?? 0) + 1);
}

function outcomeLabel(input: LedgerInput, prediction: Prediction): string {
  if (prediction.kind === "refused") return `${input.op} refused ${prediction.refusal}`;
  if (prediction.kind === "replay") return `${input.op} replayed`;
  return input.op === "payment" ? `payment ${prediction.payment?.matched ? "matched" : "unmatched"}` : `${input.op} applied`;
}

export async function runOne(world: World, model: ReferenceModel, input: LedgerInput, style: AmountStyle = "fixed"): Promise<StepOutcome> {
  const what = describeInput(input);
  world.trace.push(what);
  model.noteKeyed(input);
  const answer = await send(world, input, style);
  return { refused: settle(world, model, input, answer, what) };
}

/**
 * The same request `copies` times at once. With a key, every copy must give the same answer and exactly one
 * moves money. Without one, the answers must be some serial order of the copies: the model takes them one at
 * a time and each must find an answer it allows (so at most one identical payment matches).
 */
export async function runBurst(world: World, model: ReferenceModel, input: LedgerInput, copies: number, style: AmountStyle = "fixed"): Promise<StepOutcome> {
  const what = `${copies} x at once: ${describeInput(input)}`;
  world.trace.push(what);
  model.noteKeyed(input);
  const answers = await Promise.all(Array.from({ length: copies }, () => send(world, input, style)));
  count(input.key === null ? `burst of ${input.op}` : `keyed burst of ${input.op}`);
  if (input.key !== null) {
    const first = answers.find((answer) => !answer.replayed) ?? answers[0];
    if (first === undefined) fail(world, what, "no answers", answers);
    const same = answers.every((answer) => answer.status === first.status && canonical(answer.body) === canonical(first.body));
    if (!same) fail(world, what, "copies under one key answered differently", answers);
    const fresh = answers.filter((answer) => !answer.replayed && answer.status < 300).length;
    if (first.status < 300 && fresh > 1) fail(world, what, `${fresh} copies moved money`, answers);
    const refused = settle(world, model, input, first, what);
    for (const replay of answers) if (replay !== first && replay.status < 300 && !replay.replayed) fail(world, what, "a copy was not marked replayed", answers);
    return { refused };
  }
  const unused = [...answers];
  let refused = 0;
  for (let index = 0; index < copies; index += 1) {
    const prediction = model.predict(input);
    const at = unused.findIndex((answer) => answerProblem(model, input, prediction, answer) === null);
    if (at < 0) fail(world, what, `copy ${index + 1} has no answer the model allows (${prediction.kind}${prediction.kind === "refused" ? ` ${prediction.refusal}` : ""})`, answers);
    const [answer] = unused.splice(at, 1);
    count(outcomeLabel(input, prediction));
    if (answer !== undefined && prediction.kind === "apply") applyAnswer(world, model, input, prediction, answer);
    if (prediction.kind === "refused") refused += 1;
  }
  return { refused: refused === copies };
}

/**
 * A cancel and a payment that would complete the same deposit, sent together. Exactly one may win: the
 * cancel's status says which went first, and the model, taking them in that order, must allow both answers.
 */
export async function runRace(world: World, model: ReferenceModel, cancel: CancelInput, payment: PaymentInput): Promise<StepOutcome> {
  const what = `race: ${describeInput(cancel)} vs ${describeInput(payment)}`;
  world.trace.push(what);
  const [canceled, paid] = await Promise.all([send(world, cancel, "fixed"), send(world, payment, "fixed")]);
  count(canceled.status === 200 ? "race won by the cancel" : "race won by the payment");
  const order: [LedgerInput, Answer][] = canceled.status === 200 ? [[cancel, canceled], [payment, paid]] : [[payment, paid], [cancel, canceled]];
  for (const [input, answer] of order) {
    const prediction = model.predict(input);
    const problem = answerProblem(model, input, prediction, answer);
    if (problem !== null) fail(world, what, `${input.op}: ${problem}`, [canceled, paid]);
    if (prediction.kind === "apply") applyAnswer(world, model, input, prediction, answer);
  }
  return { refused: false };
}

/**
 * Different requests at once whose outcomes do not depend on each other's order (deposits into different
 * accounts): each answer is held to the model in turn.
 */
export async function runTogether(world: World, model: ReferenceModel, inputs: readonly LedgerInput[]): Promise<StepOutcome> {
  const what = `together: ${inputs.map(describeInput).join(" | ")}`;
  world.trace.push(what);
  for (const input of inputs) model.noteKeyed(input);
  const answers = await Promise.all(inputs.map((input) => send(world, input, "fixed")));
  const refused = inputs.map((input, index) => settle(world, model, input, answers[index] as Answer, `${what}: ${describeInput(input)}`));
  return { refused: refused.every(Boolean) };
}

const isKeyConflict = (answer: Answer): boolean =>
  answer.status === 409 && /idempotency_key_conflict/i.test(JSON.stringify(answer.body));

/**
 * The order the ledger took two requests racing for one key in. A request that finds the key taken answers a
 * key conflict, so when one succeeded and the other was refused for any other reason, the refused one went
 * first (a refusal keeps no key), and the model must take it first too.
 */
function keyRaceOrder(first: [LedgerInput, Answer], second: [LedgerInput, Answer]): [LedgerInput, Answer][] {
  const [succeeded, other] = second[1].status < 300 && first[1].status >= 300 ? [second, first] : [first, second];
  if (succeeded[1].status < 300 && other[1].status >= 300 && !isKeyConflict(other[1])) return [other, succeeded];
  return [succeeded, other];
}

/**
 * Two different requests under one key, at once: whichever the ledger took first must be the one that did
 * anything; the other is a key conflict that changed nothing (its deposit stays as open in its reference's
 * object as in its account).
 */
export async function runKeyRace(world: World, model: ReferenceModel, first: LedgerInput, second: LedgerInput): Promise<StepOutcome> {
  const what = `one key, two requests at once: ${describeInput(first)} | ${describeInput(second)}`;
  world.trace.push(what);
  model.noteKeyed(first);
  model.noteKeyed(second);
  const [a, b] = await Promise.all([send(world, first, "fixed"), send(world, second, "fixed")]);
  const order: [LedgerInput, Answer][] = keyRaceOrder([first, a], [second, b]);
  let refused = 0;
  for (const [input, answer] of order) {
    // The key was held by the other request while it ran and was then refused: this one lost the key to a
    // request that did nothing, and did nothing itself (the state checks after the step hold it to that).
    const other = order.find(([candidate]) => candidate !== input)?.[1];
    if (isKeyConflict(answer) && other !== undefined && other.status >= 300) {
      refused += 1;
      continue;
    }
    const prediction = model.predict(input);
    const problem = answerProblem(model, input, prediction, answer);
    if (problem !== null) fail(world, what, `${describeInput(input)}: ${problem}`, [a, b]);
    if (prediction.kind === "apply") applyAnswer(world, model, input, prediction, answer);
    else refused += 1;
  }
  count("key races");
  return { refused: refused === 2 };
}
