import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashApiKey, looksLikeApiKey, newKeyMaterial } from "../../../core/engine/api-key-material.ts";
import { parseScopes } from "../../../core/engine/api-keys.ts";

describe("API key material", () => {
  it("makes pxl_<prefix>_<secret> keys with 192 random bits, storing only the prefix and the SHA-256", () => {
    const { rawKey, prefix, keyHash } = newKeyMaterial();
    expect(rawKey).toMatch(/^pxl_[0-9a-f]{8}_[0-9a-f]{48}$/);
    expect(rawKey.startsWith(`${prefix}_`)).toBe(true);
    expect(keyHash).toBe(createHash("sha256").update(rawKey).digest("hex"));
    expect(hashApiKey(rawKey)).toBe(keyHash);
    const many = new Set(Array.from({ length: 200 }, () => newKeyMaterial().rawKey.slice(13)));
    expect(many.size).toBe(200);
  });

  it("recognises only the exact format", () => {
    const { rawKey } = newKeyMaterial();
    expect(looksLikeApiKey(rawKey)).toBe(true);
    for (const bad of ["", rawKey.toUpperCase(), `${rawKey}0`, rawKey.slice(1), ` ${rawKey}`, rawKey.replace("pxl_", "pk_"), "pxl_12345678_short"]) {
      expect(looksLikeApiKey(bad), bad).toBe(false);
    }
  });
});

describe("parseScopes", () => {
  it("accepts a comma or space list in any case, deduplicated in canonical order", () => {
    expect(parseScopes("DELETE, read,read generate")).toEqual({ ok: true, value: ["generate", "read", "delete"] });
  });

  it("defaults to generate and read", () => {
    expect(parseScopes(undefined)).toEqual({ ok: true, value: ["generate", "read"] });
    expect(parseScopes(" , ")).toEqual({ ok: true, value: ["generate", "read"] });
  });

  it("names unknown scopes", () => {
    const parsed = parseScopes("read, admin");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toBe('Unknown scope "admin". Scopes: generate, read, write, delete.');
  });
});
