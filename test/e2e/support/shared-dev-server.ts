// The one `npm run dev` the e2e project shares (started by global-setup.ts), as each test file reaches it.
import { inject } from "vitest";

export type SharedDevServer = { baseUrl: string; adminToken: string };

declare module "vitest" {
  export interface ProvidedContext {
    devServer: SharedDevServer;
  }
}

export const sharedDevServer = (): SharedDevServer => inject("devServer");
