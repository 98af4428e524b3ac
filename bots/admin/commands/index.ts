import type { AdminCommand } from "../admin-command.ts";
import { backup } from "./backup.ts";
import { ban } from "./ban.ts";
import { blockWords } from "./block-words.ts";
import { cap } from "./cap.ts";
import { exportCommand } from "./export.ts";
import { forget } from "./forget.ts";
import { grant } from "./grant.ts";
import { importCommand } from "./import.ts";
import { links } from "./links.ts";
import { plan } from "./plan.ts";
import { refill } from "./refill.ts";
import { restore } from "./restore.ts";
import { unban } from "./unban.ts";
import { unlink } from "./unlink.ts";
import { usage } from "./usage.ts";
import { workspace } from "./workspace.ts";
import { workspaces } from "./workspaces.ts";

/** Every command, in the order `npm run admin -- help` lists them. */
export const ADMIN_COMMANDS: readonly AdminCommand<unknown>[] = [
  workspaces,
  workspace,
  plan,
  grant,
  cap,
  ban,
  unban,
  blockWords,
  usage,
  refill,
  links,
  unlink,
  forget,
  backup,
  restore,
  exportCommand,
  importCommand,
];
