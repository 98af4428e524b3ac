import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { webhookSecret, webhookSignature } from "../../../core/domain/webhook-signature.ts";

describe("webhook signatures", () => {
  it("signs `${t}.${body}` with HMAC-SHA256 and puts the timestamp beside it", () => {
    const body = '{"id":"job_1.completed"}';
    const mac = createHmac("sha256", "whsec_test").update(`1764158400.${body}`).digest("hex");
    expect(webhookSignature("whsec_test", 1764158400, body)).toBe(`t=1764158400,v1=${mac}`);
    expect(webhookSignature("whsec_test", 1764158401, body)).not.toBe(`t=1764158400,v1=${mac}`);
  });

  it("derives a stable secret per key hash, which changes with the server key", () => {
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    expect(webhookSecret(a, "server")).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(webhookSecret(a, "server")).toBe(webhookSecret(a, "server"));
    expect(webhookSecret(a, "server")).not.toBe(webhookSecret(b, "server"));
    expect(webhookSecret(a, "server")).not.toBe(webhookSecret(a, "other server"));
    expect(webhookSecret(a, null)).not.toBe(webhookSecret(a, "server"));
  });
});
