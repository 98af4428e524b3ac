import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import type { UsageDay } from "../../core/domain/usage.ts";
import { utcDay } from "../../core/domain/usage.ts";
import { creditsChart } from "../../core/engine/credits-chart.ts";
import { CREDITS_WINDOW_DAYS } from "../../core/engine/credits-summary.ts";
import { axisScale, dailyTotals, renderUsageChart } from "../../core/engine/usage-chart.ts";
import { engineHarness, imagine } from "../support/engine-harness.ts";

const FROM = "2026-10-28";
const TO = "2026-11-26";

function row(date: string, userId: string, fields: Partial<UsageDay>): UsageDay {
  return {
    workspaceId: "ws_1",
    userId,
    date,
    requested: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    images: 0,
    creditsCharged: 0,
    creditsRefunded: 0,
    storageBytes: 0,
    apiRequests: 0,
    providerCostUsd: 0,
    models: {},
    ...fields,
  };
}

const ROWS = [
  row("2026-11-26", "u1", { images: 4, creditsCharged: 5, creditsRefunded: 1 }),
  row("2026-11-26", "u2", { images: 2, creditsCharged: 2 }),
  row("2026-11-01", "u1", { images: 12, creditsCharged: 24 }),
  // Outside the range: ignored.
  row("2026-10-27", "u1", { images: 99, creditsCharged: 99 }),
];

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** Decodes the PNG and reads one pixel as "#rrggbb". */
async function pixel(png: Uint8Array, x: number, y: number): Promise<string> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
  return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, "0")).join("")}`;
}

describe("usage chart", () => {
  it("sums every member's rows per day over exactly the range, zero-filling quiet days", () => {
    const totals = dailyTotals(ROWS, FROM, TO);
    expect(totals.dates).toHaveLength(30);
    expect(totals.dates[0]).toBe(FROM);
    expect(totals.dates.at(-1)).toBe(TO);
    expect(totals.credits.at(-1)).toBe(6);
    expect(totals.images.at(-1)).toBe(6);
    expect(totals.credits[totals.dates.indexOf("2026-11-01")]).toBe(24);
    expect(totals.images.reduce((a, b) => a + b)).toBe(18);
  });

  it("renders a 960x480 PNG with the bars where the data says", async () => {
    const png = await renderUsageChart(ROWS, FROM, TO);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(png)).toEqual({ width: 960, height: 480 });
    expect(png.byteLength).toBeLessThan(200_000);
    // Bar centres: the plot spans x 64..936 in 30 slots; the credits panel's baseline is y 224,
    // the images panel's y 424. The last day has bars in both; the day before has none.
    const slot = (936 - 64) / 30;
    const centre = (i: number) => Math.round(64 + slot * (i + 0.5));
    expect(await pixel(png, centre(29), 220)).toBe("#5865f2");
    expect(await pixel(png, centre(29), 420)).toBe("#1f8a5b");
    expect(await pixel(png, centre(28), 220)).toBe("#ffffff");
    mkdirSync(resolve(import.meta.dirname, "../../test-results"), { recursive: true });
    writeFileSync(resolve(import.meta.dirname, "../../test-results/usage-chart.png"), png);
  });

  it("gives the same bytes for the same input", async () => {
    const [a, b] = await Promise.all([renderUsageChart(ROWS, FROM, TO), renderUsageChart([...ROWS].reverse(), FROM, TO)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("renders an empty month (no rows) without bars", async () => {
    const png = await renderUsageChart([], FROM, TO);
    expect(pngSize(png)).toEqual({ width: 960, height: 480 });
    const slot = (936 - 64) / 30;
    expect(await pixel(png, Math.round(64 + slot * 29.5), 220)).toBe("#ffffff");
  });

  it("refuses malformed, impossible or reversed ranges", async () => {
    await expect(renderUsageChart([], "2026-11-26", "2026-10-28")).rejects.toThrow(RangeError);
    await expect(renderUsageChart([], "2026-02-31", "2026-03-05")).rejects.toThrow(/YYYY-MM-DD/);
    await expect(renderUsageChart([], "26/11/2026", TO)).rejects.toThrow(/YYYY-MM-DD/);
    await expect(renderUsageChart([], "2020-01-01", TO)).rejects.toThrow(/1 to 366 days/);
  });

  it("picks whole-number axis steps of 1, 2 or 5 times a power of ten", () => {
    expect(axisScale(0)).toEqual({ step: 1, max: 1 });
    expect(axisScale(3)).toEqual({ step: 1, max: 3 });
    expect(axisScale(17)).toEqual({ step: 5, max: 20 });
    expect(axisScale(1000)).toEqual({ step: 500, max: 1000 });
    expect(axisScale(1001)).toEqual({ step: 500, max: 1500 });
  });
});

describe("the admin /credits chart", () => {
  it("draws the rows /credits already read, over its 30-day window, for admins only", async () => {
    const h = await engineHarness();
    try {
      h.engine.start();
      const submitted = await imagine(h, "a lighthouse", { user: "u1", count: 2 });
      if (!submitted.ok) throw new Error(submitted.error.message);
      await h.settled(submitted.value.job.id);

      const member = await h.engine.credits(h.actor("u1"));
      expect(member.usageRows).toBeNull();
      expect(await creditsChart(member)).toBeNull();

      const admin = await h.engine.credits(h.actor("u2", "w1", true));
      expect(admin.to).toBe(utcDay(h.clock.now()));
      expect((Date.parse(admin.to) - Date.parse(admin.from)) / 86_400_000 + 1).toBe(CREDITS_WINDOW_DAYS);
      // Every member's rows, the ones the text's totals come from.
      expect(admin.usageRows).toEqual([expect.objectContaining({ date: admin.to, images: 2 })]);
      const png = await creditsChart(admin);
      expect([...png!.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(Buffer.from(png!).equals(Buffer.from(await renderUsageChart(admin.usageRows!, admin.from, admin.to)))).toBe(true);
    } finally {
      await h.cleanup();
    }
  });
});
