import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a product run: no platform credentials, JSON logs, a free port. */
export function productEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_FORMAT: "json", ...extra };
  return env;
}

/** Runs the real `npm start` with `input` piped to stdin; resolves when it exits (bounded). */
export function runNpmStart(input: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  const child = spawn("npm", ["start", "--silent"], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin!.end(input);
  return collect(child, timeoutMs);
}

/**
 * Starts the product's entry point (what `npm start` runs) with stdin on /dev/null, as a
 * container or a service would. Started without npm in between so SIGTERM reaches it directly,
 * as it does from an init system.
 */
export function startHeadless(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["bots/main.ts"], { cwd: REPO_ROOT, env, stdio: [openSync("/dev/null", "r"), "pipe", "pipe"] });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npm start did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Waits until a line of stderr (JSON logs) matches, returning the parsed line. */
export function waitForLog(child: ChildProcess, match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms:\n${buffer}`)), timeoutMs);
    child.stderr!.on("data", (d: Buffer) => {
      buffer += d.toString();
      for (const line of buffer.split("\n")) {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (match(parsed)) {
            clearTimeout(timer);
            resolvePromise(parsed);
            return;
          }
        } catch {
          // not a complete JSON line yet
        }
      }
    });
  });
}
