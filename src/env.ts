// The one Hono environment type every app, route and middleware in this Worker uses.
import type { Dialect } from "./errors/dialect";

export type CallerPartner = { id: string; name: string };
export type CallerUser = { id: string; partnerId: string; status: string };

export type AppEnv = {
  Bindings: Env;
  Variables: {
    dialect: Dialect;
    requestId: string;
    partner: CallerPartner;
    user: CallerUser;
  };
};
