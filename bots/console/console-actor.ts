import { userInfo } from "node:os";
import type { Actor } from "../../core/engine/actor.ts";

/** The person at the terminal: admin of the local workspace (created on the default plan). */
export function consoleActor(): Actor {
  let name = "local";
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): keep "local".
  }
  return {
    platform: "console",
    workspaceExternalId: "local",
    workspaceName: "Local console",
    userExternalId: "local",
    userName: name,
    platformAdmin: true,
  };
}

export const CONSOLE_CHANNEL = "console:local";
