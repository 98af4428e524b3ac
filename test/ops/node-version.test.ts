import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, REPO_ROOT } from "../e2e/run-npm-start.ts";

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");
const GUARD = "./bots/node-version-guard.js";

/** Runs `node --import <guard> <entry>` as `npm start` does, with Node reporting `version`. */
async function startAs(version: string, entry: string[]) {
  // A preload that runs before the guard and makes this Node report another version.
  const fake = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:${JSON.stringify(version)}})`;
  const child = spawn(process.execPath, ["--import", fake, "--import", GUARD, ...entry], { cwd: REPO_ROOT, env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
  return collect(child, 20_000);
}

/** A Node older than 22 on this machine (the CI machines ship Node 20), if there is one. */
function oldNode(): string | null {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
    const run = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (run.status === 0 && Number(run.stdout.split(".")[0]) < 22) return candidate;
  }
  return null;
}

describe("Node version guard", () => {
  it("starting under an unsupported Node prints one line naming the version needed and exits 1 before anything else", async () => {
    const run = await startAs("22.19.0", ["bots/main.ts"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^Pixorly needs Node\.js 22\.20 or newer .*this is Node\.js 22\.19\.0\. Run `\. scripts\/use-node\.sh`/)]);
  });

  it("the admin command line is guarded the same way", async () => {
    const run = await startAs("20.20.2", ["bots/admin/main.ts", "workspaces"]);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/needs Node\.js 22\.20 or newer/);
  });

  it("a supported Node passes through silently", async () => {
    const run = await startAs("22.20.0", ["-e", "console.log('ran')"]);
    expect(run).toMatchObject({ code: 0, stdout: "ran\n", stderr: "" });
  });

  it.runIf(oldNode())("the machine's old Node parses the guard and gets the one line (not a stack trace)", async () => {
    const child = spawn(oldNode()!, ["--import", GUARD, "bots/main.ts"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const run = await collect(child, 20_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^Pixorly needs Node\.js 22\.20 or newer/)]);
  });

  it("the guard's minimum is package.json's engines floor, and every entry point loads the guard first", () => {
    const { engines, scripts } = JSON.parse(read("package.json")) as { engines: { node: string }; scripts: Record<string, string> };
    const minimum = /var MINIMUM = \[(\d+), (\d+)\];/.exec(read(GUARD))!;
    expect(engines.node).toBe(`>=${minimum[1]}.${minimum[2]}`);
    expect(scripts.start).toBe(`exec node --import ${GUARD} bots/main.ts`);
    expect(scripts.admin).toBe(`node --import ${GUARD} bots/admin/main.ts`);
    // Started some other way (tsx, a debugger), the entry point still runs the guard first.
    for (const [entry, specifier] of [["bots/main.ts", "./node-version-guard.js"], ["bots/admin/main.ts", "../node-version-guard.js"]] as const) {
      expect(/^import\s+"([^"]+)";/m.exec(read(entry))?.[1], entry).toBe(specifier);
    }
  });
});
