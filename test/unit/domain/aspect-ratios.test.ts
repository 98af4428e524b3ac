import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS, dimensionsFor, type AspectRatio } from "../../../core/domain/aspect-ratios.ts";

describe("ASPECT_RATIOS", () => {
  it("lists the seven supported ratios", () => {
    expect(ASPECT_RATIOS).toEqual(["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"]);
  });
});

describe("dimensionsFor", () => {
  it.each<[AspectRatio, number, number]>([
    ["1:1", 1024, 1024],
    ["16:9", 1344, 768],
    ["9:16", 768, 1344],
    ["4:3", 1152, 896],
    ["3:4", 896, 1152],
    ["3:2", 1280, 832],
    ["2:3", 832, 1280],
  ])("%s at the default base is %i x %i", (aspect, width, height) => {
    expect(dimensionsFor(aspect)).toEqual({ width, height });
  });

  it.each<[AspectRatio, number, number]>([
    ["1:1", 512, 512],
    ["16:9", 704, 384],
    ["3:2", 640, 448],
    ["2:3", 448, 640],
  ])("%s at base 512 is %i x %i", (aspect, width, height) => {
    expect(dimensionsFor(aspect, 512)).toEqual({ width, height });
  });

  it("never goes below 64 pixels a side", () => {
    for (const aspect of ASPECT_RATIOS) expect(dimensionsFor(aspect, 64)).toEqual({ width: 64, height: 64 });
  });

  it("keeps both sides multiples of 64, the orientation, and the area near base^2", () => {
    for (const base of [512, 768, 1024, 1536]) {
      for (const aspect of ASPECT_RATIOS) {
        const { width, height } = dimensionsFor(aspect, base);
        const [w, h] = aspect.split(":").map(Number) as [number, number];
        expect(width % 64).toBe(0);
        expect(height % 64).toBe(0);
        expect(Math.sign(width - height)).toBe(Math.sign(w - h));
        expect(Math.abs(width * height - base * base) / (base * base)).toBeLessThan(0.12);
        expect(Math.abs(width / height - w / h) / (w / h)).toBeLessThan(0.12);
      }
    }
  });

  it("swaps width and height for the mirrored ratio", () => {
    const pairs: [AspectRatio, AspectRatio][] = [
      ["16:9", "9:16"],
      ["4:3", "3:4"],
      ["3:2", "2:3"],
    ];
    for (const [a, b] of pairs) {
      const x = dimensionsFor(a);
      expect(dimensionsFor(b)).toEqual({ width: x.height, height: x.width });
    }
  });
});
