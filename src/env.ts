// The one Hono environment type every app, route and middleware in this Worker uses.
import type { VersionedStatus } from "./account/owner-status";
import type { ParamProblem } from "./errors/api-error";
import type { Dialect } from "./errors/dialect";

export type CallerPartner = { id: string; name: string };
/**
 * The Qash user a token names. `status` is what requireUser read from D1; null under requireUserToken, whose
 * routes leave the status check to the account object.
 */
export type CallerUser = { id: string; partnerId: string; status: VersionedStatus | null };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    dialect: Dialect;
    requestId: string;
    partner: CallerPartner;
    user: CallerUser;
    /** What readJsonBody could not read exactly in the request's JSON body; unset when there was nothing. */
    jsonBodyProblems: ParamProblem[];
  };
};
