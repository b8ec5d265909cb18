// Reads an OAuth 2.0 client-credentials token request (RFC 6749 §4.4, §2.3.1) into credentials or an RFC 6749 §5.2 error.
import { basicCredentials } from "../auth/bearer";
import { short_text_chars_max } from "../config/limits";

export type OAuthErrorCode = "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope";
export type OAuthFailure = { status: 400 | 401; error: OAuthErrorCode; description: string };
export type ClientCredentialsRequest = { clientId: string; clientSecret: string; scopes: string[] };

const form_media_type = "application/x-www-form-urlencoded";
/** RFC 6749 §3.3: a scope token is printable ASCII without space, `"` or `\`. */
const scopeToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

const invalidRequest = (description: string): OAuthFailure => ({ status: 400, error: "invalid_request", description });

/** Which of the id and the secret was wrong is never told. */
export const invalidClient: OAuthFailure = { status: 401, error: "invalid_client", description: "Client authentication failed" };

/** RFC 6749 §5.2's error body. */
export const oauthErrorBody = (failure: OAuthFailure) => ({ error: failure.error, error_description: failure.description });

/** RFC 6749 appendix B: Basic credentials are form-encoded before they are base64-encoded. */
function formDecoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

function scopesOf(scope: string | null): string[] | OAuthFailure {
  if (scope === null) return [];
  const scopes = scope.split(" ").filter((token) => token.length > 0);
  if (scope.length > short_text_chars_max || !scopes.every((token) => scopeToken.test(token))) {
    return { status: 400, error: "invalid_scope", description: "scope must be space-separated scope tokens" };
  }
  return [...new Set(scopes)];
}

/** The client's id and secret, from the Basic header or the body but never both (RFC 6749 §2.3). */
function clientCredentialsOf(form: URLSearchParams, authorization: string | undefined) {
  const bodyId = form.get("client_id");
  const bodySecret = form.get("client_secret");
  if (authorization !== undefined && /^Basic\b/i.test(authorization)) {
    if (bodySecret !== null) return invalidRequest("Use one client authentication method, not both");
    const basic = basicCredentials(authorization);
    const clientId = basic === undefined ? undefined : formDecoded(basic.userId);
    const clientSecret = basic === undefined ? undefined : formDecoded(basic.password);
    if (clientId === undefined || clientSecret === undefined) {
      return invalidClient;
    }
    if (bodyId !== null && bodyId !== clientId) return invalidRequest("client_id does not match the Authorization header");
    return { clientId, clientSecret };
  }
  if (bodyId === null || bodyId.length === 0) return invalidRequest("client_id is required");
  if (bodySecret === null || bodySecret.length === 0) return invalidRequest("client_secret is required");
  return { clientId: bodyId, clientSecret: bodySecret };
}

export function readTokenRequest(
  contentType: string | undefined,
  body: string,
  authorization: string | undefined,
): ClientCredentialsRequest | OAuthFailure {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== form_media_type) return invalidRequest(`Content-Type must be ${form_media_type}`);
  const form = new URLSearchParams(body);
  for (const name of ["grant_type", "client_id", "client_secret", "scope"]) {
    if (form.getAll(name).length > 1) return invalidRequest(`${name} must not be repeated`);
  }
  const grantType = form.get("grant_type");
  if (grantType === null || grantType.length === 0) return invalidRequest("grant_type is required");
  if (grantType !== "client_credentials") {
    return { status: 400, error: "unsupported_grant_type", description: "Only grant_type=client_credentials is supported" };
  }
  const credentials = clientCredentialsOf(form, authorization);
  if ("error" in credentials) return credentials;
  const scopes = scopesOf(form.get("scope"));
  if ("error" in scopes) return scopes;
  return { ...credentials, scopes };
}
