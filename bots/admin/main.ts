// First: under an unsupported Node this prints one line and exits before anything else loads.
import "../node-version-guard.js";
import { readEnvFiles } from "../../core/config/load-config.ts";
import { runAdmin } from "./run-admin.ts";

/** `npm run admin -- <command>`: the operator's command line, on whichever store the configuration selects. */
runAdmin({
  argv: process.argv.slice(2),
  env: { ...readEnvFiles(process.cwd()), ...process.env },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`admin failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
