import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../../bots/api/webhook-url.ts";

const none = new Set<string>();

describe("webhookUrlProblem", () => {
  it("accepts https URLs on public names and addresses", () => {
    for (const url of ["https://hooks.example.com/pixorly", "https://93.184.216.34:8443/x", "https://[2606:4700::1111]/x"]) {
      expect(webhookUrlProblem(url, none), url).toBeNull();
    }
  });

  it("refuses other schemes, credentials, private addresses and local-only names", () => {
    const cases: [string, RegExp][] = [
      ["not a url", /not a URL/],
      ["http://hooks.example.com/x", /https/],
      ["ftp://hooks.example.com/x", /https/],
      ["https://user:pw@hooks.example.com/x", /user name or password/],
      ["https://127.0.0.1/x", /public address/],
      ["https://169.254.169.254/latest", /public address/],
      ["https://[::1]/x", /public address/],
      ["https://[::ffff:10.0.0.1]/x", /public address/],
      ["https://localhost/x", /public address/],
      ["https://metadata.google.internal/x", /public address/],
      ["https://printer.local/x", /public address/],
      ["https://intranet/x", /public address/],
    ];
    for (const [url, problem] of cases) expect(webhookUrlProblem(url, none), url).toMatch(problem);
  });

  it("lets an allow-listed host:port through over http (the test seam), and only that one", () => {
    const allow = new Set(["127.0.0.1:4000"]);
    expect(webhookUrlProblem("http://127.0.0.1:4000/hook", allow)).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4001/hook", allow)).toMatch(/https/);
    expect(webhookUrlProblem("https://127.0.0.1:4001/hook", allow)).toMatch(/public address/);
  });
});
