import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_BLOCK_WORDS, findBlockedWord } from "../../../core/domain/block-list.ts";

describe("findBlockedWord", () => {
  it("finds a whole word, whatever its case", () => {
    expect(findBlockedWord("a picture of ASS", ["ass"])).toBe("ass");
    expect(findBlockedWord("Ass, bottom left", ["ass"])).toBe("ass");
    expect(findBlockedWord("nice ass.", ["ass"])).toBe("ass");
    expect(findBlockedWord("(ass)", ["ass"])).toBe("ass");
  });

  it.each(["a class photo", "an assassin", "passing clouds", "a bass guitar", "assorted sweets", "ass2"])(
    "does not flag %j for the word ass",
    (text) => {
      expect(findBlockedWord(text, ["ass"])).toBeNull();
    },
  );

  it("returns the listed form of the word, as the admin wrote it", () => {
    expect(findBlockedWord("some clown", ["  Clown "])).toBe("  Clown ");
  });

  it("matches phrases across any spacing or punctuation, but only whole", () => {
    expect(findBlockedWord("an Underage   Nude figure", DEFAULT_BLOCK_WORDS)).toBe("underage nude");
    expect(findBlockedWord("underage\nnude", DEFAULT_BLOCK_WORDS)).toBe("underage nude");
    expect(findBlockedWord("child-porn", DEFAULT_BLOCK_WORDS)).toBe("child porn");
    expect(findBlockedWord("an underage student, nudes of fruit", DEFAULT_BLOCK_WORDS)).toBeNull();
    expect(findBlockedWord("a nude statue", DEFAULT_BLOCK_WORDS)).toBeNull();
  });

  it("treats regular-expression characters in words literally", () => {
    expect(findBlockedWord("learn c++ today", ["c++"])).toBe("c++");
    expect(findBlockedWord("learn cxx today", ["c.."])).toBeNull();
    expect(findBlockedWord("a (b) c", ["(b)"])).toBe("(b)");
  });

  it("works for letters outside ASCII", () => {
    expect(findBlockedWord("Ein GRÜNER Apfel", ["grüner"])).toBe("grüner");
    expect(findBlockedWord("grünerapfel", ["grüner"])).toBeNull();
    expect(findBlockedWord("éclair", ["clair"])).toBeNull();
  });

  it("ignores blank entries and returns the first listed match", () => {
    expect(findBlockedWord("anything at all", ["", "   "])).toBeNull();
    expect(findBlockedWord("snuff and csam", ["csam", "snuff"])).toBe("csam");
  });

  it("returns null for ordinary prompts with the default list", () => {
    expect(findBlockedWord("a lighthouse at dusk, oil painting", DEFAULT_BLOCK_WORDS)).toBeNull();
    expect(findBlockedWord("a lollipop shop", DEFAULT_BLOCK_WORDS)).toBeNull();
  });

  it("finds a word wherever it sits between other words, and never inside one", () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/).filter((w) => w !== "fox");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 5 }), fc.array(word, { maxLength: 5 }), fc.string({ unit: fc.constantFrom("a", "z", "9") }), (before, after, glue) => {
        fc.pre(glue.length > 0);
        expect(findBlockedWord([...before, "FOX", ...after].join(" "), ["fox"])).toBe("fox");
        expect(findBlockedWord([...before, `${glue}fox`, ...after].join(" "), ["fox"])).toBeNull();
        expect(findBlockedWord([...before, `fox${glue}`, ...after].join(" "), ["fox"])).toBeNull();
      }),
    );
  });
});
