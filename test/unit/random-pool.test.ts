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
    // A draw is a copy: changing it cannot change a later draw.
    const a = pooledRandomBytes(8);
    a.fill(0);
    expect(pooledRandomBytes(8).some((b) => b !== 0) || pooledRandomBytes(8).some((b) => b !== 0)).toBe(true);
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
