import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { REPO_ROOT } from "../e2e/run-npm-start.ts";

/**
 * The product's entry point as a service runs it: stdin on /dev/null (headless), signals
 * straight to node, and `args` as `npm start -- <args>` would pass them.
 */
export function startProductProcess(env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ["bots/main.ts", ...args], { cwd: REPO_ROOT, env, stdio: [openSync("/dev/null", "r"), "pipe", "pipe"] });
}
