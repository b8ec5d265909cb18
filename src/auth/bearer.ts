// Reads the credential out of an `Authorization` header value; a pure string function, so every guard parses alike.

/** Longest Authorization header value considered; anything longer is not one of ours. */
const authorization_chars_max = 8192;

/** The token of `Bearer <token>` (scheme case-insensitive, RFC 7235), or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length > authorization_chars_max) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match?.[1];
}

/** The user id and password of `Basic <base64>` (RFC 7617), or undefined when absent or malformed. */
export function basicCredentials(authorization: string | undefined): { userId: string; password: string } | undefined {
  if (authorization === undefined || authorization.length > authorization_chars_max) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization);
  if (match?.[1] === undefined) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { userId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
