import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/**
 * Static and dynamic imports and re-exports. `import type` / `export type` are left out: they
 * are erased before the code runs. (With verbatimModuleSyntax an inline `{ type X }` import
 * stays in the output, so it counts.)
 */
const IMPORT = /(?:^|\n)\s*(?:import|export)(\s+type)?\s[^;]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/**
 * Every file the product loads when it runs `entry`, following relative imports, and the npm
 * packages those files import. What the image must contain, and what `npm prune --omit=dev`
 * must keep.
 */
export function runtimeImports(root: string, entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (match[1]) continue;
      const specifier = (match[2] ?? match[3] ?? match[4])!;
      if (specifier.startsWith(".")) visit(resolveFile(resolve(dirname(file), specifier)));
      else if (!specifier.startsWith("node:")) packages.add(packageName(specifier));
    }
  };
  visit(resolve(root, entry));
  return { files: [...files].map((f) => relative(root, f)), packages: [...packages].sort() };
}

/** Our sources import "./x.ts", and generated Convex code "./x.js" that may be a .ts file. */
function resolveFile(path: string): string {
  if (existsSync(path)) return path;
  const ts = path.replace(/\.js$/, ".ts");
  if (existsSync(ts)) return ts;
  throw new Error(`import of a missing file: ${path}`);
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
