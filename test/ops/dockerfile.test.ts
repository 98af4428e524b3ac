import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../bots/http/create-http-server.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { collect, productEnv, REPO_ROOT, waitForLog } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";
import { envOf, execForm, parseDockerfile, type Stage } from "./dockerfile.ts";
import { runtimeImports } from "./runtime-imports.ts";

/**
 * No Docker engine runs here, so the image cannot be built; CI's runner can. These tests hold
 * the Dockerfile to what it promises and run the parts of it that run without Docker: the
 * install command CI proves, the health check command, and the start command under SIGTERM.
 */
const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");
const [build, final] = parseDockerfile(read("Dockerfile")) as [Stage, Stage];
const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
const only = (stage: Stage, keyword: string) => {
  const found = stage.instructions.filter((i) => i.keyword === keyword);
  expect(found, keyword).toHaveLength(1);
  return found[0]!.args;
};

describe("Dockerfile", () => {
  it("builds in two stages on the current Node LTS, compilers only in the first", () => {
    expect(parseDockerfile(read("Dockerfile"))).toHaveLength(2);
    expect(build).toMatchObject({ from: "node:24-bookworm-slim", name: "build" });
    expect(final.from).toBe("node:24-bookworm-slim");
    expect(runs(build).join(" ")).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(runs(final).join(" ")).not.toMatch(/g\+\+|python3|build-essential/);
    expect(runs(final).join(" ")).toMatch(/apt-get install -y --no-install-recommends fonts-dejavu-core/);
  });

  it("installs with the exact npm ci command CI runs, then keeps runtime dependencies only", () => {
    const ciInstall = /^npm ci .*$/m.exec(read(".ci/run"))?.[0];
    expect(ciInstall).toBeDefined();
    const install = runs(build).find((r) => r.startsWith("npm ci "));
    expect(install?.split(" && ")).toEqual([ciInstall, "npm prune --omit=dev --no-audit --no-fund"]);
    expect(final.instructions).toContainEqual({ keyword: "COPY", args: "--from=build /app/node_modules ./node_modules" });
  });

  it("copies every directory the product loads, and the product loads no dev dependency", () => {
    const { files, packages } = runtimeImports(REPO_ROOT, "bots/main.ts");
    const copied = final.instructions.filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from")).flatMap((i) => i.args.split(" ").slice(0, -1));
    for (const dir of new Set(files.map((f) => f.split("/")[0]!))) expect(copied, `${dir}/ is loaded at run time`).toContain(dir);
    const { dependencies } = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    expect(packages.filter((p) => !(p in dependencies))).toEqual([]);
    // Node runs the TypeScript itself (type stripping): no transpiler ships.
    expect(dependencies).not.toHaveProperty("tsx");
  });

  it("runs on the Node major CI provisions, and starts the sources with node itself", () => {
    const ciMajor = /want_major=(\d+)/.exec(read("scripts/use-node.sh"))?.[1];
    expect(final.from).toBe(`node:${ciMajor}-bookworm-slim`);
    const { scripts } = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    // `exec`: npm's shell is replaced by node, so node is the child of PID 1 (npm) and gets its signals.
    expect(scripts.start).toMatch(/^exec node (--import \S+ )?bots\/main\.ts$/);
  });

  it("runs as a non-root user with DATA_DIR=/data on a volume it owns", () => {
    const user = only(final, "USER");
    expect(["root", "0"]).not.toContain(user.split(":")[0]);
    expect(only(final, "VOLUME")).toBe("/data");
    expect(envOf(final).DATA_DIR).toBe("/data");
    expect(runs(final)).toContain(`mkdir -p /data && chown ${user}:${user} /data`);
    // The volume is declared after the chown: Docker seeds a new volume from the image's /data.
    const at = (keyword: string) => final.instructions.findIndex((i) => i.keyword === keyword);
    expect(at("VOLUME")).toBeGreaterThan(final.instructions.findIndex((i) => i.args.includes("chown")));
  });

  it("starts with the README's start command", () => {
    expect(execForm(only(final, "CMD"))).toEqual(["npm", "start"]);
    const readmeRun = /```sh\n(.*)\n/.exec(read("README.md"))?.[1];
    expect(readmeRun).toMatch(/&& npm start\s/);
  });

  describe("HEALTHCHECK command, run as Docker would run it", () => {
    const health = execForm(only(final, "HEALTHCHECK"));
    const dir = tempDir("pixorly-healthcheck-");
    let healthy = true;
    let server: HttpServer;
    let port: number;
    beforeAll(async () => {
      const logger = createLogger({ level: "silent", format: "json" });
      server = createHttpServer({ logger, storage: createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost" }), healthCheck: () => ({ status: healthy ? "ok" : "unavailable", checks: {} }) });
      port = (await server.listen(0, "127.0.0.1")).port;
    });
    afterAll(async () => {
      await server.close();
      dir.remove();
    });
    const probe = async (env: Record<string, string>) => {
      const [command, ...args] = health;
      return (await collect(spawn(command!, args, { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] }), 10_000)).code;
    };

    it("uses node (there is no curl in the image) and passes on 200, fails on 503 or no server", async () => {
      expect(health[0]).toBe("node");
      expect(only(final, "HEALTHCHECK")).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[/);
      expect(await probe({ PORT: String(port) })).toBe(0);
      healthy = false;
      expect(await probe({ PORT: String(port) })).toBe(1);
      await server.close();
      expect(await probe({ PORT: String(port) })).toBe(1);
    });
  });

  it("stops gracefully when `docker stop` sends SIGTERM to npm alone (PID 1)", async () => {
    const dir = tempDir("pixorly-docker-stop-");
    const { DATA_DIR: _data, PORT: _port, ...imageEnv } = envOf(final);
    const [command, ...args] = execForm(only(final, "CMD"));
    // Its own process group, so the cleanup below also reaches anything npm left behind.
    const child = spawn(command!, args, { cwd: REPO_ROOT, env: { ...productEnv(dir.path), ...imageEnv }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    try {
      const exited = collect(child, 30_000);
      const up = await waitForLog(child, (l) => typeof l.msg === "string" && l.msg.startsWith("front ends on"));
      // main.ts installs its SIGTERM handler just after that line; one request later it is in place.
      expect((await fetch(`${String(up.url)}/healthz`)).status).toBe(200);
      child.kill("SIGTERM");
      const run = await exited;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/"msg":"shutting down/);
      // Nothing was left running behind npm: the product's port is closed.
      await expect(fetch(`${String(up.url)}/healthz`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group is already gone, as it should be.
      }
      dir.remove();
    }
  }, 60_000);
});
