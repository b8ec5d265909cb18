// The one way to make a router: an OpenAPIHono whose validation failures become ApiErrors.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { unreadableBodyError } from "./json-body";
import { problemsOf, validationError } from "./validation";

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      // The validator hands the raw input over too; it tells a missing field from a wrong one.
      const input = "data" in result ? result.data : undefined;
      if (result.target === "json") {
        // A body JSON.parse would have changed (an inexact number, a lone surrogate) is refused even when
        // what it changed into would pass.
        const unreadable = unreadableBodyError(c, result.success ? [] : problemsOf(result.error, input));
        if (unreadable !== undefined) throw unreadable;
      }
      if (!result.success) throw validationError(result.error, input, result.target);
    },
  });
}
