import { fstatSync } from "node:fs";

export type InputMode = "terminal" | "lines" | "none";

/**
 * How standard input is attached: a terminal (interactive console), a pipe or file (run each
 * line, then exit), or nothing usable — closed, or /dev/null as in a container or a service —
 * in which case the product runs headless.
 */
export function detectInputMode(stdin: NodeJS.ReadStream = process.stdin, fd = 0): InputMode {
  if (stdin.isTTY) return "terminal";
  try {
    const stat = fstatSync(fd);
    // A character device that is not a TTY is /dev/null (or similar): nothing will ever arrive.
    if (stat.isCharacterDevice()) return "none";
    return stat.isFIFO() || stat.isFile() || stat.isSocket() ? "lines" : "none";
  } catch {
    return "none";
  }
}
