// HTTP for the soak: every request counted by kind and status, 5xx and transport errors kept for the
// report, and each partner's two credentials (Qash user token, Sophic client token) renewed on 401.

export class Stats {
  requests = new Map();
  serverErrors = [];
  transportErrors = [];
  anomalies = [];
  counters = new Map();
  /** Milliseconds per answered request, for the latency line of the report. */
  durations = [];

  count(name, by = 1) {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** A broken promise of the ledger seen in traffic (not a 5xx): the soak fails on any. */
  anomaly(message) {
    if (this.anomalies.length < 50) this.anomalies.push(message);
    else this.count("anomalies not shown");
  }

  record(kind, status) {
    const key = `${kind} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }
}

export class Http {
  constructor(baseUrl, stats, { requestTimeoutMs = 30_000, signal } = {}) {
    this.baseUrl = baseUrl;
    this.stats = stats;
    this.requestTimeoutMs = requestTimeoutMs;
    this.signal = signal;
  }

  /** One request; answers { status, body, headers }, or status 0 when the transport failed. */
  async request(kind, method, path, { headers = {}, json, form } = {}) {
    const init = { method, headers: { ...headers }, signal: AbortSignal.any([AbortSignal.timeout(this.requestTimeoutMs), ...(this.signal ? [this.signal] : [])]) };
    if (json !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(json);
    } else if (form !== undefined) {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = new URLSearchParams(form).toString();
    }
    let response;
    let text;
    const started = performance.now();
    try {
      response = await fetch(`${this.baseUrl}${path}`, init);
      text = await response.text();
      this.stats.durations.push(performance.now() - started);
    } catch (error) {
      this.stats.record(kind, "ERR");
      if (this.stats.transportErrors.length < 20) this.stats.transportErrors.push(`${method} ${path}: ${error.name}: ${error.message}`);
      return { status: 0, body: null, headers: new Headers() };
    }
    this.stats.record(kind, response.status);
    let body = text;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the report.
    }
    if (response.status >= 500 && this.stats.serverErrors.length < 20) this.stats.serverErrors.push(`${method} ${path} ${response.status}: ${text.slice(0, 300)}`);
    return { status: response.status, body, headers: response.headers };
  }
}

/** One provisioned partner: its credentials and the tokens both dialects need, renewed when they lapse. */
export class PartnerSession {
  /**
   * `requestsPerSecond` paces this partner's calls below the Worker's per-partner rate limit (600 per 10 s),
   * so the soak measures the ledger rather than the limiter; 429s that still happen are counted.
   */
  constructor(http, partner, userId, requestsPerSecond) {
    this.http = http;
    this.partner = partner;
    this.userId = userId;
    this.qashToken = null;
    this.sophicToken = null;
    this.intervalMs = 1000 / requestsPerSecond;
    this.nextSlot = 0;
  }

  /**
   * Waits for this partner's next request slot (evenly spaced, so the window limit is never reached). A burst
   * reserves `slots` at once and sends them together: the limit counts requests per window, not their spacing.
   */
  async pace(slots = 1) {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs * slots;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }

  partnerHeaders() {
    return { "X-Api-Key": this.partner.apiKey, "X-Api-Secret": this.partner.apiSecret };
  }

  async renewQash() {
    await this.pace();
    const answer = await this.http.request("qash.token", "POST", "/api/v1/partner/auth/token", { headers: this.partnerHeaders(), json: { userId: this.userId } });
    if (answer.status !== 200) throw new Error(`Qash token: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.qashToken = answer.body.accessToken;
  }

  async renewSophic() {
    await this.pace();
    const form = { grant_type: "client_credentials", client_id: this.partner.apiKey, client_secret: this.partner.apiSecret };
    const answer = await this.http.request("sophic.token", "POST", "/auth/token", { form });
    if (answer.status !== 200) throw new Error(`Sophic token: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.sophicToken = answer.body.access_token;
  }

  /** A Qash user call; a lapsed token (401) is renewed once and the call repeated. `prepaid`: the caller paced it. */
  async qash(kind, method, path, options = {}) {
    const { prepaid = false, ...rest } = options;
    const send = async (paced) => {
      if (paced) await this.pace();
      return this.http.request(kind, method, path, { ...rest, headers: { ...this.partnerHeaders(), Authorization: `Bearer ${this.qashToken}`, ...(rest.headers ?? {}) } });
    };
    const answer = await send(!prepaid);
    if (answer.status !== 401) return answer;
    await this.renewQash();
    return send(true);
  }

  /** A Sophic call; a lapsed token (401, they last 15 minutes) is renewed once and the call repeated. */
  async sophic(kind, method, path, options = {}) {
    const { prepaid = false, ...rest } = options;
    const send = async (paced) => {
      if (paced) await this.pace();
      return this.http.request(kind, method, path, { ...rest, headers: { Authorization: `Bearer ${this.sophicToken}`, ...(rest.headers ?? {}) } });
    };
    const answer = await send(!prepaid);
    if (answer.status !== 401) return answer;
    await this.renewSophic();
    return send(true);
  }
}
