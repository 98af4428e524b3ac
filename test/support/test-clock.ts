import type { Clock } from "../../core/ports/clock.ts";

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private current: number;

  constructor(current = Date.UTC(2026, 10, 26, 12, 0, 0)) {
    this.current = current;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
