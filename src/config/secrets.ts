// Which secrets this Worker may run with. On a developer's machine anything goes, the committed examples
// included; anywhere else a known, missing or weak secret is a deploy mistake that would let anyone who read
// the repository mint tokens or provision partners, so the Worker refuses to serve (src/http/secrets-guard.ts).
import { signing_key_chars_min } from "../auth/tokens";

/** The values .dev.vars.example commits; test/config/secrets.test.ts holds the two equal. */
export const example_secrets = {
  ADMIN_TOKEN: "dev-admin-token-change-me",
  TOKEN_SIGNING_KEY: "dev-token-signing-key-at-least-32-bytes-long",
} as const;

/**
 * Set to "true" only by .dev.vars (from .dev.vars.example), which `wrangler dev` reads and `wrangler deploy`
 * never uploads. Any other value, or none, is a deployment.
 */
export const local_development_variable = "LOCAL_DEVELOPMENT";

type SecretName = keyof typeof example_secrets;
export type InsecureSetting = { setting: SecretName; problem: string };

/** The secrets as a deployment may hold them: any of them may be missing. */
type Settings = { [name in SecretName | typeof local_development_variable]?: string | undefined };

export const isLocalDevelopment = (settings: Settings): boolean => settings[local_development_variable] === "true";

/**
 * Every setting that makes this deployment unsafe to serve, never with its value. An empty ADMIN_TOKEN is
 * safe (it locks /admin/*: no bearer matches it); an unset one is a forgotten secret.
 */
export function insecureSettings(settings: Settings): InsecureSetting[] {
  if (isLocalDevelopment(settings)) return [];
  const found: InsecureSetting[] = [];
  const { ADMIN_TOKEN: adminToken, TOKEN_SIGNING_KEY: signingKey } = settings;
  if (adminToken === undefined) found.push({ setting: "ADMIN_TOKEN", problem: "is not set (set a random token, or an empty one to lock /admin)" });
  else if (adminToken === example_secrets.ADMIN_TOKEN) found.push({ setting: "ADMIN_TOKEN", problem: "is the example value from .dev.vars.example" });
  if (signingKey === undefined || signingKey === "") found.push({ setting: "TOKEN_SIGNING_KEY", problem: "is not set" });
  else if (signingKey === example_secrets.TOKEN_SIGNING_KEY) found.push({ setting: "TOKEN_SIGNING_KEY", problem: "is the example value from .dev.vars.example" });
  else if (signingKey.length < signing_key_chars_min) {
    found.push({ setting: "TOKEN_SIGNING_KEY", problem: `is shorter than ${signing_key_chars_min} characters` });
  }
  return found;
}
