import { existsSync } from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";
import { tempDir } from "../support/temp-dir.ts";

/** Debian's chromium (`apt-get install -y chromium`); playwright's own download is unreachable. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags that let chromium run as root (no sandbox) on a machine without network access (no
 * background updates or sync). `--headless` and `--user-data-dir` are passed by playwright
 * itself from the launch options.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether browser tests run here. Without chromium they are skipped with a line saying so,
 * unless REQUIRE_CHROMIUM=1 (CI), where a missing browser must fail rather than pass silently.
 */
export function chromiumPlan(): { run: boolean; missingButRequired: boolean } {
  const present = existsSync(CHROMIUM_PATH);
  const required = process.env.REQUIRE_CHROMIUM === "1";
  if (!present && !required) {
    console.warn(`skipped: no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium to run the browser tests; REQUIRE_CHROMIUM=1 makes this a failure)`);
  }
  return { run: present || required, missingButRequired: !present && required };
}

/** A headless chromium with a fresh profile directory, removed on close. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = tempDir("pixorly-chromium-");
  try {
    const context = await chromium.launchPersistentContext(profile.path, { executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
    return {
      context,
      close: async () => {
        await context.close();
        profile.remove();
      },
    };
  } catch (error) {
    profile.remove();
    throw error;
  }
}
