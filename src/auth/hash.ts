// Hashing and comparison of secrets: what is stored is a digest, and no comparison leaks where two values differ.

const encoder = new TextEncoder();

/** SHA-256 of the UTF-8 text. */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** SHA-256 of the UTF-8 text, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  return bytesToHex(await sha256(text));
}

const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += hexOfByte[byte];
  return hex;
}

/** The bytes of a stored hex digest; null when it is not hex of whole bytes. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

/**
 * True when two digests are equal, in time that depends on neither value: every byte is compared
 * whatever the first difference. Digests of one algorithm have one length, so the length says nothing.
 */
export function equalDigests(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index += 1) difference |= (given[index] ?? 0) ^ (expected[index] ?? 0);
  return difference === 0;
}

/**
 * True when the two strings are equal, in time that depends on neither value. Both sides are
 * digested first so the loop always runs over 32 bytes, whatever the lengths of the inputs.
 */
export async function constantTimeEqual(given: string, expected: string): Promise<boolean> {
  const [givenDigest, expectedDigest] = await Promise.all([sha256(given), sha256(expected)]);
  return equalDigests(givenDigest, expectedDigest);
}
