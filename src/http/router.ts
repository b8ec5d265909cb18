// The one way to make a router: an OpenAPIHono whose validation failures become ApiErrors.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationError } from "./validation";

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      // The validator hands the raw input over too; it tells a missing field from a wrong one.
      if (!result.success) throw validationError(result.error, "data" in result ? result.data : undefined, result.target);
    },
  });
}
