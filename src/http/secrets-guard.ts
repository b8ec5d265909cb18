// A deployment with example, missing or weak secrets (src/config/secrets.ts) answers every request, /health
// included, with 503 insecure_configuration in the caller's dialect, and logs which setting is wrong: a
// Worker that any reader of the repository could administer must not look healthy to anyone.
import type { MiddlewareHandler } from "hono";
import { insecureSettings, local_development_variable } from "../config/secrets";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { dialectOfPath } from "../errors/dialect";
import { errorBody } from "../errors/render";
import { log } from "./log";

// The caller learns that the deployment is unsafe, not which secret: that is for the operator's logs.
const refusal = new ApiError(
  503,
  "insecure_configuration",
  "This deployment refuses to serve: it runs with example, missing or weak secrets. Its operator's logs say which.",
);

export const refuseInsecureSecrets: MiddlewareHandler<AppEnv> = async (c, next) => {
  const insecure = insecureSettings(c.env);
  if (insecure.length === 0) return next();
  log("error", {
    msg: "insecure configuration: refusing every request",
    requestId: c.get("requestId"),
    settings: insecure.map(({ setting, problem }) => `${setting} ${problem}`),
    fix: `wrangler secret put each setting named; ${local_development_variable}=true belongs in .dev.vars only`,
  });
  // Rendered here rather than thrown, so onError does not log a second, vaguer line for the same 503; and
  // never cached, so the Worker answers again the moment its secrets are replaced.
  c.header("Cache-Control", "no-store");
  return c.json(errorBody(dialectOfPath(c.req.path), refusal), refusal.status);
};
