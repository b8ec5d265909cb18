// Checks Sophic-dialect bodies against the vendor's own OpenAPI schemas (the copy in
// test/fixtures/vendor/sophic-openapi.deposits.json), with one extension: the deposit status `canceled`.
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import vendorDocument from "../fixtures/vendor/sophic-openapi.deposits.json";

export type VendorSchemaName = "Account" | "Deposit" | "CashBalance" | "Transaction" | "Error" | "Event";

type SchemaMap = Record<string, Schema & { enum?: string[]; additionalProperties?: boolean }>;

/** The vendor's components, patched: `canceled` added, and no property the vendor does not name. */
function patchedComponents(): { schemas: SchemaMap } {
  const components = structuredClone(vendorDocument.components) as unknown as { schemas: SchemaMap };
  const schemas = components.schemas;
  const depositStatus = schemas.DepositStatus;
  if (depositStatus?.enum === undefined) throw new Error("the vendor's DepositStatus enum is missing");
  depositStatus.enum = [...depositStatus.enum, "canceled"];
  // The vendor leaves objects open; closing them here catches a field this ledger invents.
  for (const name of ["Account", "Deposit", "CashBalance", "Transaction", "Error", "InvalidParam", "TransactionTax", "Event", "EventResource"]) {
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`the vendor's ${name} schema is missing`);
    schema.additionalProperties = false;
  }
  return components;
}

const components = patchedComponents();
const validators = new Map<string, Validator>();

function validatorFor(name: VendorSchemaName, list: boolean): Validator {
  const key = `${name}${list ? "[]" : ""}`;
  let validator = validators.get(key);
  if (validator === undefined) {
    const reference = { $ref: `#/components/schemas/${name}` };
    const schema = (list ? { type: "array", items: reference, components } : { ...reference, components }) as Schema;
    validator = new Validator(schema, "2020-12", false);
    validators.set(key, validator);
  }
  return validator;
}

function describe(errors: OutputUnit[]): string {
  return errors.map((error) => `${error.instanceLocation}: ${error.error}`).join("; ");
}

/** The problems the vendor's schema finds in a body; empty when it validates. */
export function vendorProblems(name: VendorSchemaName, body: unknown, options: { list?: boolean } = {}): string[] {
  const result = validatorFor(name, options.list ?? false).validate(body);
  return result.valid ? [] : [describe(result.errors)];
}

/** Throws, naming each problem, unless the body validates against the vendor's schema. */
export function assertVendor(name: VendorSchemaName, body: unknown, options: { list?: boolean } = {}): void {
  const problems = vendorProblems(name, body, options);
  if (problems.length > 0) throw new Error(`body is not a valid vendor ${name}${options.list ? "[]" : ""}: ${problems.join("; ")}\n${JSON.stringify(body)}`);
}
