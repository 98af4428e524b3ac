import { existsSync } from "node:fs";
import { join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";

/** Where distributions install DejaVu: Debian/Ubuntu (fonts-dejavu-core), Alpine, Arch, Fedora. */
const FONT_DIRS = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu",
  "/usr/share/fonts/TTF",
  "/usr/share/fonts/dejavu-sans-fonts",
];

const FAMILY = "PixorlyPlaceholder";

let registered: string | null | undefined;

/**
 * The font family to draw placeholder text with, or null when no DejaVu font is installed.
 * Registered explicitly under our own name rather than trusting whatever system font canvas
 * falls back to, so the same machine always draws the same glyphs (and bytes). Registration
 * is process-wide, so it happens once.
 */
export function placeholderFontFamily(): string | null {
  if (registered !== undefined) return registered;
  const dir = FONT_DIRS.find((d) => existsSync(join(d, "DejaVuSans.ttf")));
  registered = null;
  if (dir && GlobalFonts.registerFromPath(join(dir, "DejaVuSans.ttf"), FAMILY)) {
    // Without the bold face, "bold" text is synthesised from the regular one; still legible.
    GlobalFonts.registerFromPath(join(dir, "DejaVuSans-Bold.ttf"), FAMILY);
    registered = FAMILY;
  }
  return registered;
}
