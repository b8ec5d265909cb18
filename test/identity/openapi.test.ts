import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE } from "../support/fixtures";

type Document = {
  paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, unknown> } }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

describe("the OpenAPI document", () => {
  it("describes the identity endpoints of both dialects and the operator", async () => {
    const response = await SELF.fetch(`${BASE}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Document;
    for (const path of ["/admin/partners", "/api/v1/partner/users", "/api/v1/partner/users/{userId}", "/api/v1/partner/auth/token", "/api/v1/user/me", "/auth/token", "/auth/whoami"]) {
      expect(document.paths).toHaveProperty([path]);
    }
    expect(document.paths["/auth/token"]?.post?.requestBody?.content).toEqual({
      "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/ClientCredentialsForm" } },
    });
    expect(document.components.schemas).toHaveProperty(["ClientCredentialsForm"]);
    expect(Object.keys(document.components.securitySchemes)).toEqual(
      expect.arrayContaining(["AdminToken", "QashApiKey", "QashApiSecret", "QashUserToken", "HTTPBearer"]),
    );
    expect(document.paths["/api/v1/user/me"]?.get?.security).toEqual([{ QashApiKey: [], QashApiSecret: [], QashUserToken: [] }]);
  });
});
