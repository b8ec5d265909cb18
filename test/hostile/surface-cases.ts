// Hostile requests to the edges of the surface: the events feed, the token endpoint and the operator's routes.
import { env } from "cloudflare:test";
import { admin, form, jsonWith, nestedArrays, oauth, sophic, type HostileCase } from "./requests";

const credentials = (w: { partner: { apiKey: string; apiSecret: string } }): [string, string][] => [
  ["client_id", w.partner.apiKey],
  ["client_secret", w.partner.apiSecret],
];

const events: HostileCase[] = [
  sophic("events: limit=1000000000", 400, "/events?limit=1000000000"),
  sophic("events: limit=-1", 400, "/events?limit=-1"),
  sophic("events: limit=0", 400, "/events?limit=0"),
  sophic("events: limit twice", 400, "/events?limit=1&limit=2"),
  sophic("events: after=-1", 400, "/events?after=-1"),
  sophic("events: after in Arabic-Indic digits", 400, "/events?after=%D9%A1"),
  sophic("events: wait=26", 400, "/events?wait=26"),
  sophic("events: wait=1e9", 400, "/events?wait=1e9"),
  sophic("events: name ' OR 1=1--", 400, "/events?name='%20OR%201=1--"),
  sophic("events: created[gt]=yesterday", 400, "/events?created[gt]=yesterday"),
  sophic("events: created[gt] on February 30th", 400, "/events?created[gt]=2026-02-30T00:00:00Z"),
  sophic("events: created[gte] at offset +99:99", 400, "/events?created[gte]=2026-01-01T00:00:00%2B99:99"),
  sophic("events: resource[id] of 65 characters", 400, `/events?resource[id]=${"r".repeat(65)}`),
  sophic("whoami: two Authorization values", 401, "/auth/whoami", { append: (w) => [["Authorization", w.sophic.headers.Authorization ?? ""]] }),
  sophic("whoami: an expired-looking garbage token", 401, "/auth/whoami", { headers: { Authorization: "Bearer eyJhbGciOiJub25lIn0.e30." } }),
  sophic("events: two Authorization values", 401, "/events", { append: (w) => [["Authorization", w.sophic.headers.Authorization ?? ""]] }),
  sophic("event: 1;DROP TABLE events", 404, "/events/1;DROP%20TABLE%20events"),
  sophic("event: %00", 404, "/events/%00"),
  sophic("event: the id and a NUL", 404, (w) => `/events/${w.eventId}%00`),
  sophic("event: 2^53+1", 404, "/events/9007199254740993"),
  sophic("event: Arabic-Indic digits", 404, "/events/%D9%A1"),
];

const token: HostileCase[] = [
  oauth("token: JSON instead of a form", 400, "/auth/token", { body: (w) => ({ grant_type: "client_credentials", client_id: w.partner.apiKey, client_secret: w.partner.apiSecret }), headers: { "Content-Type": "application/json" } }),
  oauth("token: no Content-Type", 400, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ...credentials(w)]), headers: { "Content-Type": null } }),
  oauth("token: grant_type password", 400, "/auth/token", { body: (w) => form([["grant_type", "password"], ...credentials(w)]) }),
  oauth("token: grant_type with a NUL", 400, "/auth/token", { body: (w) => form([["grant_type", "client_credentials\u0000"], ...credentials(w)]) }),
  oauth("token: client_id twice", 400, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ...credentials(w), ["client_id", w.partner.apiKey]]) }),
  oauth("token: client_id ' OR '1'='1", 401, "/auth/token", { body: form([["grant_type", "client_credentials"], ["client_id", "' OR '1'='1"], ["client_secret", "' OR '1'='1"]]) }),
  oauth("token: a client_secret of 10,000 characters", 401, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ["client_id", w.partner.apiKey], ["client_secret", "s".repeat(10_000)]]) }),
  oauth("token: Basic and a form secret both", 400, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ["client_secret", w.partner.apiSecret]]), headers: { Authorization: `Basic ${btoa("a:b")}` } }),
  oauth("token: Basic with garbage", 401, "/auth/token", { body: form([["grant_type", "client_credentials"]]), headers: { Authorization: "Basic !!!not-base64" } }),
  oauth("token: a scope with a quote", 400, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ...credentials(w), ["scope", 'read"write']]) }),
  oauth("token: a body over 64 KiB", 413, "/auth/token", { body: (w) => form([["grant_type", "client_credentials"], ...credentials(w), ["pad", "p".repeat(70_000)]]) }),
  oauth("token: broken percent-escapes", 400, "/auth/token", { body: "grant_type=%E0%A4%A&client_id=%zz&client_secret=%" }),
];

const operator: HostileCase[] = [
  admin("partners: no token", 401, "/admin/partners", { body: { name: "x" }, headers: { Authorization: null } }),
  admin("partners: a wrong token", 401, "/admin/partners", { body: { name: "x" }, headers: { Authorization: "Bearer ' OR 1=1--" } }),
  admin("partners: two Authorization values", 401, "/admin/partners", { body: { name: "x" }, append: () => [["Authorization", `Bearer ${env.ADMIN_TOKEN}`]] }),
  admin("partners: 30,000 nested arrays under an Idempotency-Key", 400, "/admin/partners", { body: nestedArrays(30_000), headers: { "Idempotency-Key": "deep-admin" } }),
  admin("partners: 10,000 unclosed [", 400, "/admin/partners", { body: nestedArrays(10_000, false) }),
  admin("partners: name smuggled in __proto__", 400, "/admin/partners", { body: jsonWith({}, [["__proto__", { name: "x" }]]) }),
  admin("partners: name an array", 400, "/admin/partners", { body: { name: ["x"] } }),
  admin("partners: a name of 60,000 characters", 400, "/admin/partners", { body: { name: "n".repeat(60_000) } }),
  admin("partners: a name of 100,000 characters", 413, "/admin/partners", { body: { name: "n".repeat(100_000) } }),
  admin("partners: Idempotency-Key empty", 400, "/admin/partners", { body: { name: "x" }, headers: { "Idempotency-Key": "" } }),
  admin("partners: Idempotency-Key of 256 characters", 400, "/admin/partners", { body: { name: "x" }, headers: { "Idempotency-Key": "k".repeat(256) } }),
  admin("partners: JSON sent as text/plain", 415, "/admin/partners", { body: { name: "x" }, headers: { "Content-Type": "text/plain" } }),
  admin("partners: GET, which lists nothing", 405, "/admin/partners"),
  admin("audit: no token", 401, "/admin/audit", { headers: { Authorization: null } }),
  admin("audit: two Authorization values", 401, "/admin/audit", { append: () => [["Authorization", `Bearer ${env.ADMIN_TOKEN}`]] }),
  admin("audit: limit=1e9", 400, "/admin/audit?limit=1e9"),
  admin("audit: limit=0", 400, "/admin/audit?limit=0"),
  admin("audit: after=-1", 400, "/admin/audit?after=-1"),
  admin("audit: a partner_id of 65 characters", 400, `/admin/audit?partner_id=${"p".repeat(65)}`),
];

export const surfaceCases: HostileCase[] = [...events, ...token, ...operator];
