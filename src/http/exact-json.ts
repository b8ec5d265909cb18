// Reads JSON text and finds what JSON.parse would silently change: a number whose digits say more than a
// double holds (99.99999999999999999 arrives as 100), and a string or key that is not well-formed Unicode
// (a lone surrogate, which becomes U+FFFD once stored). A ledger must refuse both rather than book
// something the caller did not write. The reviver sees each number's source text (JSON.parse source text
// access, in V8 and so in workerd), which is what makes the first check possible at all.
import { json_problems_max } from "../config/limits";
import type { ParamProblem } from "../errors/api-error";

export type JsonReading = { value: unknown; problems: ParamProblem[] };

type Decimal = { negative: boolean; digits: string; exponent: bigint };

const json_number = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
// Without the u flag a regular expression sees UTF-16 code units, so an unpaired half of a pair is visible.
const lone_surrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A decimal numeral as sign, significant digits (no leading or trailing zeros) and a power of ten. */
function decimalOf(text: string): Decimal | null {
  const match = json_number.exec(text);
  if (match === null) return null;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  let digits = (whole + fraction).replace(/^0+/, "");
  let power = BigInt(exponent) - BigInt(fraction.length);
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  power += BigInt(trailing);
  if (digits === "") return { negative: false, digits: "", exponent: 0n };
  return { negative: sign === "-", digits, exponent: power };
}

/**
 * Whether JSON number text denotes exactly the number it parsed to. An integer must be that integer
 * (9007199254740993 parses to ...992 and is not); any other number must equal the shortest decimal that
 * round-trips to its double, which is how every JSON writer prints one (so "0.1", "10.10" and "1E2" are
 * exact, "99.99999999999999999" and "1e400" are not).
 */
export function denotesExactly(source: string | undefined, parsed: number): boolean {
  if (source === undefined || !Number.isFinite(parsed)) return false;
  const written = decimalOf(source);
  const held = decimalOf(Number.isInteger(parsed) ? BigInt(parsed).toString() : String(parsed));
  if (written === null || held === null) return false;
  return written.negative === held.negative && written.digits === held.digits && written.exponent === held.exponent;
}

const isWellFormed = (text: string): boolean => !lone_surrogate.test(text);

type Found = { holder: object; key: string; detail: string };
type Parent = { holder: object; key: string };

/** The keys from the root to `key` of `holder`, climbing the parents recorded while reviving; indexes as numbers. */
function pathOf(found: Found, parents: Map<object, Parent>, rootHolder: object | undefined): (string | number)[] {
  if (found.holder === rootHolder) return [];
  const path: (string | number)[] = [];
  let holder = found.holder;
  let key = found.key;
  for (;;) {
    path.push(Array.isArray(holder) ? Number(key) : key);
    const parent = parents.get(holder);
    if (parent === undefined || parent.holder === rootHolder) break;
    ({ holder, key } = parent);
  }
  return path.reverse();
}

function fieldName(path: (string | number)[]): string {
  return path.map((key) => String(key).replace(new RegExp(lone_surrogate, "g"), "\uFFFD")).join(".") || "body";
}

/**
 * Parses JSON text and lists each value it could not read exactly, with its path; undefined when the text is
 * not JSON at all, so whoever answers for malformed JSON still does. At most json_problems_max are listed.
 */
export function readJsonExactly(text: string): JsonReading | undefined {
  const found: Found[] = [];
  const parents = new Map<object, Parent>();
  let rootHolder: object | undefined;
  const note = (holder: object, key: string, detail: string) => {
    if (found.length < json_problems_max) found.push({ holder, key, detail });
  };
  let value: unknown;
  try {
    value = JSON.parse(text, function (this: object, key: string, revived: unknown, context?: { source?: string }) {
      // The root is revived last, with a holder of its own: the last holder seen is that one.
      rootHolder = this;
      if (!isWellFormed(key)) note(this, key, "is a key that is not well-formed Unicode (it holds a lone surrogate)");
      if (typeof revived === "object" && revived !== null) parents.set(revived, { holder: this, key });
      else if (typeof revived === "string" && !isWellFormed(revived)) note(this, key, "is not well-formed Unicode (it holds a lone surrogate)");
      else if (typeof revived === "number" && !denotesExactly(context?.source, revived)) {
        note(this, key, "is a JSON number that does not denote exactly the value it parses to");
      }
      return revived;
    });
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    // The reviver recurses once per level: JSON nested thousands deep exhausts the stack. No body of this API
    // is more than a few levels deep, so such a body is refused; the plain parse, which does not recurse,
    // still hands the validators a value to report on.
    if (error instanceof RangeError) {
      return { value: JSON.parse(text), problems: [{ path: [], detail: "body is nested too deeply to be read", code: "invalid_param" }] };
    }
    throw error;
  }
  const problems = found.map((problem): ParamProblem => {
    const path = pathOf(problem, parents, rootHolder);
    return { path, detail: `${fieldName(path)} ${problem.detail}`, code: "invalid_param" };
  });
  return { value, problems };
}
