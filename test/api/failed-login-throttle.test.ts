import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addressBucket, FAILED_AUTH_DEFAULTS } from "../../core/engine/failed-auth-throttle.ts";
import { apiHarness, type ApiHarness } from "./api-harness.ts";

/** A GET from a chosen loopback address (Linux answers all of 127.0.0.0/8), so two clients differ. */
function getFrom(h: ApiHarness, from: string, key: string | null): Promise<{ status: number; retryAfter: string | null; code: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.origin}/api/v1/collections`, { localAddress: from, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers["retry-after"] as string | undefined) ?? null, code: JSON.parse(text).error?.code ?? "" }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const GUESS = `pxl_0badc0de_${"0".repeat(48)}`;

describe("failed API-key logins are throttled per client address", () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await apiHarness();
  });
  afterEach(() => h.cleanup());

  it("answers 429 with Retry-After after the allowance of failures, until the window ends", async () => {
    for (let i = 0; i < FAILED_AUTH_DEFAULTS.maxFailures; i++) {
      expect((await getFrom(h, "127.0.0.2", i % 2 ? GUESS : null)).status, `failure ${i + 1}`).toBe(401);
    }
    const throttled = await getFrom(h, "127.0.0.2", GUESS);
    expect(throttled).toMatchObject({ status: 429, code: "TOO_MANY_FAILED_LOGINS", retryAfter: "60" });
    h.clock.advance(30_000);
    expect(await getFrom(h, "127.0.0.2", GUESS)).toMatchObject({ status: 429, retryAfter: "30" });
    h.clock.advance(30_000);
    expect((await getFrom(h, "127.0.0.2", GUESS)).status).toBe(401);
  });

  it("a valid key is never slowed by someone else's failures, from the same address or another", async () => {
    const { rawKey } = await h.createKey("read");
    for (let i = 0; i < FAILED_AUTH_DEFAULTS.maxFailures * 3; i++) await getFrom(h, "127.0.0.3", GUESS);
    expect((await getFrom(h, "127.0.0.3", GUESS)).status).toBe(429);
    // Same address as the guesser (one NAT), and a different one: both served.
    expect((await getFrom(h, "127.0.0.3", rawKey)).status).toBe(200);
    expect((await getFrom(h, "127.0.0.4", rawKey)).status).toBe(200);
    // Another client's mistakes start from a clean allowance.
    expect((await getFrom(h, "127.0.0.4", GUESS)).status).toBe(401);
  });

  it("counts IPv6 clients by their /64 and IPv4-mapped clients as IPv4", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe(addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
    expect(addressBucket("2001:db8:1:2::1")).not.toBe(addressBucket("2001:db8:1:3::1"));
    expect(addressBucket("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(addressBucket("2001:0db8:0001:0002::1")).toBe(addressBucket("2001:db8:1:2::9"));
  });
});
