import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { netSpend } from "../domain/rules/spend.ts";
import type { UsageDay } from "../domain/usage.ts";
import { placeholderFontFamily } from "../fonts/placeholder-font.ts";

const WIDTH = 960;
const HEIGHT = 480;
const LEFT = 64;
const RIGHT = 24;
const DAY_MS = 86_400_000;
/** A year of bars still fits (about 2 px each); longer ranges would be unreadable. */
const MAX_DAYS = 366;

const COLORS = { background: "#ffffff", text: "#1f2328", muted: "#59636e", grid: "#d1d9e0", credits: "#5865f2", images: "#1f8a5b" };

type Align = "left" | "center" | "right";

const LABEL_DATE = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

export interface DailyTotals {
  /** "YYYY-MM-DD", every day from `from` to `to`. */
  dates: string[];
  /** Net credits spent (charged minus refunded). */
  credits: number[];
  images: number[];
}

/** Sums every member's rows per day, with a zero for each day nobody used. */
export function dailyTotals(rows: readonly UsageDay[], from: string, to: string): DailyTotals {
  const start = parseDay(from);
  const days = Math.round((parseDay(to) - start) / DAY_MS) + 1;
  if (days < 1 || days > MAX_DAYS) throw new RangeError(`the chart covers 1 to ${MAX_DAYS} days; ${from}..${to} is ${days}`);
  const dates = Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
  const index = new Map(dates.map((d, i) => [d, i]));
  const credits = new Array<number>(days).fill(0);
  const images = new Array<number>(days).fill(0);
  for (const row of rows) {
    const i = index.get(row.date);
    if (i === undefined) continue;
    credits[i]! += netSpend(row);
    images[i]! += row.images;
  }
  return { dates, credits, images };
}

/**
 * A PNG of credits spent and images made per day over [from, to] (both "YYYY-MM-DD"; /credits
 * shows the last 30 days), two bar panels sharing the date axis, for an admin's /credits reply.
 * The same input gives the same bytes on the same machine.
 */
export async function renderUsageChart(rows: readonly UsageDay[], from: string, to: string): Promise<Uint8Array> {
  const totals = dailyTotals(rows, from, to);
  const canvas = createCanvas(WIDTH, HEIGHT);
  const ctx = canvas.getContext("2d");
  // The same DejaVu registration the placeholder renderer uses, so every canvas the product
  // draws has one font setup. Without a font installed, text is skipped; the bars still tell.
  const family = placeholderFontFamily();
  const text = (s: string, x: number, y: number, size: number, align: Align = "left", color = COLORS.text) => {
    if (!family) return;
    ctx.font = `${size}px ${family}`;
    ctx.fillStyle = color;
    ctx.textAlign = align;
    ctx.fillText(s, x, y);
  };

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  text(`Usage ${from} to ${to}`, LEFT, 32, 20);
  text(`${sum(totals.credits)} credits · ${sum(totals.images)} images`, WIDTH - RIGHT, 32, 16, "right", COLORS.muted);

  drawPanel(ctx, text, { title: "Credits spent per day", values: totals.credits, color: COLORS.credits, top: 64, height: 160 });
  drawPanel(ctx, text, { title: "Images per day", values: totals.images, color: COLORS.images, top: 264, height: 160 });

  const slot = (WIDTH - LEFT - RIGHT) / totals.dates.length;
  // A label every week, counted back from the last day so "today" is always labelled.
  for (let i = totals.dates.length - 1; i >= 0; i -= 7) {
    text(LABEL_DATE.format(parseDay(totals.dates[i]!)), LEFT + slot * (i + 0.5), 452, 13, "center", COLORS.muted);
  }
  if (sum(totals.images) === 0 && sum(totals.credits) === 0) {
    text("No usage in this period", WIDTH / 2, 250, 18, "center", COLORS.muted);
  }
  return canvas.encode("png");
}

type DrawText = (s: string, x: number, y: number, size: number, align?: Align, color?: string) => void;

function drawPanel(ctx: SKRSContext2D, text: DrawText, panel: { title: string; values: number[]; color: string; top: number; height: number }): void {
  const { values, top, height } = panel;
  const bottom = top + height;
  const { step, max } = axisScale(Math.max(0, ...values));
  const y = (v: number) => bottom - (v / max) * height;

  text(panel.title, LEFT, top - 8, 14, "left", COLORS.muted);
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  for (let tick = 0; tick <= max; tick += step) {
    const at = Math.round(y(tick)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(LEFT, at);
    ctx.lineTo(WIDTH - RIGHT, at);
    ctx.stroke();
    text(String(tick), LEFT - 8, at + 4, 12, "right", COLORS.muted);
  }

  const slot = (WIDTH - LEFT - RIGHT) / values.length;
  const bar = Math.max(1, slot * 0.7);
  ctx.fillStyle = panel.color;
  values.forEach((v, i) => {
    // Net credits can dip below zero on a day of refunds for earlier jobs; such a day shows no bar.
    if (v <= 0) return;
    ctx.fillRect(LEFT + slot * i + (slot - bar) / 2, y(v), bar, bottom - y(v));
  });
}

/** Whole-number ticks (1, 2 or 5 times a power of ten apart), at most about five of them. */
export function axisScale(largest: number): { step: number; max: number } {
  const rough = Math.max(1, largest / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  return { step, max: Math.max(step, Math.ceil(largest / step) * step) };
}

function parseDay(day: string): number {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls "2026-02-31" over into March; a round trip catches it.
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) throw new RangeError(`expected a day as YYYY-MM-DD, got "${day}"`);
  return at;
}
