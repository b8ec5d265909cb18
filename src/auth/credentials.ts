// Fresh random identifiers and credentials, drawn from the platform's cryptographic generator.

/** Random bytes behind every credential: 256 bits, beyond any guessing. */
const credential_random_bytes = 32;
/** Random bytes behind a partner id: 128 bits, unique without a database round trip. */
const partner_id_random_bytes = 16;

function randomBase64Url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomHex(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export const newPartnerId = (): string => `ptn_${randomHex(partner_id_random_bytes)}`;

/** The public half of a partner's credentials, in Qash's documented form. */
export const newApiKey = (): string => `qash_key_live_${randomBase64Url(credential_random_bytes)}`;

/** The private half, shown once at creation and stored only as its SHA-256. */
export const newApiSecret = (): string => `qash_secret_live_${randomBase64Url(credential_random_bytes)}`;

/** An opaque Qash refresh token, stored only as its SHA-256. */
export const newRefreshToken = (): string => randomBase64Url(credential_random_bytes);
