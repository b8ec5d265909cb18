// Boots the real Worker once for the whole e2e project: wrangler and workerd take seconds to start, and
// every e2e file (the browser test of /docs, the tooling that reads /openapi.json) can share one server.
import type { TestProject } from "vitest/node";
import { startDevServer } from "./dev-server";
import "./shared-dev-server";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDevServer();
  project.provide("devServer", { baseUrl: server.baseUrl, adminToken: server.adminToken });
  return () => server.stop();
}
