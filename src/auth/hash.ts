// Hashing and comparison of secrets: what is stored is a digest, and no comparison leaks where two values differ.

const encoder = new TextEncoder();

/** SHA-256 of the UTF-8 text, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * True when the two strings are equal, in time that depends on neither value. Both sides are
 * digested first so the loop always runs over 32 bytes, whatever the lengths of the inputs.
 */
export async function constantTimeEqual(given: string, expected: string): Promise<boolean> {
  const [givenDigest, expectedDigest] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const left = new Uint8Array(givenDigest);
  const right = new Uint8Array(expectedDigest);
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}
