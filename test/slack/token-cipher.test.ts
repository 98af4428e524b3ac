import { describe, expect, it } from "vitest";
import { createTokenCipher } from "../../core/domain/token-cipher.ts";

const key = Buffer.alloc(32, 1).toString("base64");

describe("token cipher (AES-256-GCM)", () => {
  const cipher = createTokenCipher(key);

  it("round-trips, and seals the same token differently each time", () => {
    const a = cipher.seal("xoxb-secret", "slack:-/T01");
    const b = cipher.seal("xoxb-secret", "slack:-/T01");
    expect(a).not.toBe(b);
    expect(a).not.toContain("xoxb");
    expect(cipher.open(a, "slack:-/T01")).toBe("xoxb-secret");
  });

  it("does not open for another row, another key, or after tampering", () => {
    const sealed = cipher.seal("xoxb-secret", "slack:-/T01");
    expect(() => cipher.open(sealed, "slack:-/T02")).toThrow(expect.objectContaining({ code: "TOKEN_UNREADABLE" }));
    expect(() => createTokenCipher(Buffer.alloc(32, 2).toString("base64")).open(sealed, "slack:-/T01")).toThrow(
      expect.objectContaining({ code: "TOKEN_UNREADABLE" }),
    );
    const [version, iv, tag, body] = sealed.split(".");
    const flipped = `${body![0] === "A" ? "B" : "A"}${body!.slice(1)}`;
    expect(() => cipher.open([version, iv, tag, flipped].join("."), "slack:-/T01")).toThrow(expect.objectContaining({ code: "TOKEN_UNREADABLE" }));
    expect(() => cipher.open("plain-token", "slack:-/T01")).toThrow(expect.objectContaining({ code: "TOKEN_UNREADABLE" }));
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => createTokenCipher(Buffer.alloc(16).toString("base64"))).toThrow(expect.objectContaining({ code: "ENCRYPTION_KEY_INVALID" }));
  });
});
