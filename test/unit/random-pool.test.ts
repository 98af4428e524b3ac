import { describe, expect, it } from "vitest";
import { pooledRandomBytes, pooledRandomFraction } from "../../core/domain/random-pool.ts";
import { keyNonce } from "../../core/engine/image-key.ts";

describe("random pool", () => {
  it("hands out each byte once: 1,000 draws across several refills never repeat a 16-byte value", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const bytes = pooledRandomBytes(16);
      expect(bytes).toHaveLength(16);
      seen.add(Buffer.from(bytes).toString("hex"));
    }
    expect(seen.size).toBe(1_000);
  });

  it("serves a draw that straddles the end of the buffer, and one larger than the buffer", () => {
    for (let i = 0; i < 300; i++) pooledRandomBytes(15); // 4,500 bytes: past one refill at an odd offset
    expect(pooledRandomBytes(4_000)).toHaveLength(4_000);
    expect(pooledRandomBytes(10_000)).toHaveLength(10_000);
  });

  it("a draw is the caller's own copy: refilling the buffer afterwards does not change it", () => {
    const drawn = pooledRandomBytes(16);
    const kept = Buffer.from(drawn).toString("hex");
    for (let i = 0; i < 600; i++) pooledRandomBytes(16); // more than the 4 KB buffer: at least one refill
    expect(Buffer.from(drawn).toString("hex")).toBe(kept);
  });

  it("fractions lie in [0, 1) and spread over it", () => {
    const values = Array.from({ length: 5_000 }, pooledRandomFraction);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values.map((v) => Math.floor(v * 4))).size).toBe(4);
  });

  it("key nonces are 22 key-safe characters and unique", () => {
    const nonces = Array.from({ length: 500 }, keyNonce);
    expect(nonces.every((n) => /^[A-Za-z0-9]{22}$/.test(n))).toBe(true);
    expect(new Set(nonces).size).toBe(500);
  });
});
