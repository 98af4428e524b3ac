import { banCommand } from "./ban.ts";

export const unban = banCommand(false);
