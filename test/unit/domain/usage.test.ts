import { describe, expect, it } from "vitest";
import { successRate, utcDay } from "../../../core/domain/usage.ts";

describe("utcDay", () => {
  it("is the UTC calendar day as YYYY-MM-DD", () => {
    expect(utcDay(Date.UTC(2026, 10, 26, 12, 0, 0))).toBe("2026-11-26");
    expect(utcDay(0)).toBe("1970-01-01");
  });

  it("changes exactly at UTC midnight", () => {
    expect(utcDay(Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe("2026-12-31");
    expect(utcDay(Date.UTC(2027, 0, 1, 0, 0, 0, 0))).toBe("2027-01-01");
    expect(utcDay(Date.parse("2026-03-01T00:30:00+02:00"))).toBe("2026-02-28");
  });
});

describe("successRate", () => {
  it("is completed / (completed + failed), ignoring cancellations", () => {
    expect(successRate({ completed: 3, failed: 1 })).toBe(0.75);
    expect(successRate({ completed: 0, failed: 4 })).toBe(0);
    expect(successRate({ completed: 9, failed: 0 })).toBe(1);
  });

  it("is null when nothing finished", () => {
    expect(successRate({ completed: 0, failed: 0 })).toBeNull();
  });
});
