import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../core/config/load-config.ts";
import { parseRole } from "../../bots/parse-role.ts";
import { collect, productEnv, REPO_ROOT, waitForLog } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";

describe("--role", () => {
  it("reads --role=<role> and --role <role>, and defaults to all", () => {
    expect(parseRole([])).toBe("all");
    expect(parseRole(["--console"])).toBe("all");
    expect(parseRole(["--role=bots"])).toBe("bots");
    expect(parseRole(["--console", "--role", "worker"])).toBe("worker");
  });

  it("refuses an unknown, missing or repeated role with a message naming the choices", () => {
    for (const args of [["--role=workers"], ["--role"], ["--role="], ["--role=bots", "--role=worker"]]) {
      expect(() => parseRole(args), args.join(" ")).toThrow(ConfigError);
    }
    expect(() => parseRole(["--role=workers"])).toThrow(/--role="workers": must be one of all, bots, worker/);
  });

  describe("npm start with a role", () => {
    const dir = tempDir("pixorly-roles-");
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) child.kill("SIGKILL");
      dir.remove();
    });
    const start = (command: string, args: string[]) => {
      const child = spawn(command, args, { cwd: REPO_ROOT, env: productEnv(dir.path), stdio: ["pipe", "pipe", "pipe"] });
      children.push(child);
      return child;
    };

    it("exits 2 before starting anything when the role is unknown", async () => {
      const child = start("npm", ["start", "--silent", "--", "--role=everything"]);
      child.stdin!.end();
      const run = await collect(child, 30_000);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--role="everything": must be one of all, bots, worker/);
    }, 60_000);

    it("never runs the console in the worker role, even with commands on stdin", async () => {
      // Straight to node rather than through npm, so SIGTERM reaches the product itself.
      const child = start(process.execPath, ["bots/main.ts", "--role=worker"]);
      child.stdin!.end("/credits\n");
      const exited = collect(child, 30_000);
      const up = await waitForLog(child, (l) => typeof l.msg === "string" && l.msg.startsWith("front ends on"));
      expect(up).toMatchObject({ role: "worker", frontEnds: ["http"], workers: true });
      // main.ts installs its SIGTERM handler just after that line; one request later it is in place.
      expect((await fetch(`${String(up.url)}/healthz`)).status).toBe(200);
      child.kill("SIGTERM");
      const run = await exited;
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/credits left/);
    }, 60_000);
  });
});
