import { describe, expect, it } from "vitest";
import { newId, type IdPrefix } from "../../../core/domain/ids.ts";

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function decodeTime(ulid: string): number {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return [...ulid.slice(0, 10)].reduce((acc, ch) => acc * 32 + alphabet.indexOf(ch), 0);
}

describe("newId", () => {
  it("is the prefix, an underscore and a ULID", () => {
    for (const prefix of ["usr", "ws", "mem", "job", "img", "col", "key", "led", "use", "idn", "ins"] as IdPrefix[]) {
      const id = newId(prefix);
      const [head, body] = id.split("_");
      expect(head).toBe(prefix);
      expect(body).toMatch(CROCKFORD);
    }
  });

  it("encodes the creation time it is given", () => {
    const at = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
    expect(decodeTime(newId("job", at).slice(4))).toBe(at);
  });

  it("sorts by creation order, even for many ids within one millisecond", () => {
    const at = Date.UTC(2031, 5, 1);
    const ids = Array.from({ length: 2_000 }, () => newId("job", at));
    expect(new Set(ids).size).toBe(2_000);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(decodeTime(id.slice(4))).toBe(at);
  });

  it("sorts by creation order across milliseconds", () => {
    const start = Date.UTC(2032, 0, 1);
    const ids = [0, 0, 1, 5, 5, 5, 1_000, 86_400_000].map((offset) => newId("img", start + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it("never produces an id that sorts before an earlier one, even if the clock steps back", () => {
    const first = newId("job", Date.UTC(2033, 0, 1, 0, 0, 1));
    const second = newId("job", Date.UTC(2033, 0, 1, 0, 0, 0));
    expect(second > first).toBe(true);
  });
});
