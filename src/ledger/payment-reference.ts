// Payment references: what a payer types on a bank transfer's reference line to fund deposits.

/** SEPA's remittance reference holds 35 characters; longer references are truncated by banks. */
export const payment_reference_chars_max = 35;

// Letters, digits, and the separators every bank's reference line accepts.
const referencePattern = /^[A-Za-z0-9](?:[A-Za-z0-9 ./-]*[A-Za-z0-9])?$/;

export function isPaymentReference(text: string): boolean {
  return text.length <= payment_reference_chars_max && referencePattern.test(text);
}

/** Banks and payers change case freely, so references match regardless of it. */
export function referenceKey(reference: string): string {
  return reference.toUpperCase();
}

// Crockford's base32: no I, L, O or U, so nothing is misread when typed from a statement.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The reference generated for a deposit that brought none: "DL", the deposit's ledger id in base32
 * (unique because the id is), and a check character that catches a mistyped or swapped character.
 */
export function generatedPaymentReference(depositId: number): string {
  let body = "";
  let rest = depositId;
  do {
    body = alphabet[rest % 32] + body;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  body = body.padStart(8, "0");
  return `DL${body}${checkCharacter(body)}`;
}

// Position-weighted sum modulo the prime 31: any single substituted character, and any swap of two
// neighbours, changes it (except between "0" and "Z", whose values differ by exactly 31).
function checkCharacter(body: string): string {
  let check = 0;
  for (const [index, character] of [...body].entries()) check = (check + alphabet.indexOf(character) * (index + 1)) % 31;
  return alphabet[check] ?? "0";
}

/** True when a reference has the shape of a generated one and its check character agrees. */
export function isGeneratedReference(reference: string): boolean {
  const match = /^DL([0-9A-HJKMNP-TV-Z]{8,12})([0-9A-HJKMNP-TV-Z])$/.exec(referenceKey(reference));
  return match !== null && checkCharacter(match[1] ?? "") === match[2];
}
