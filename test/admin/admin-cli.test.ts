import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collect, REPO_ROOT } from "../e2e/run-npm-start.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";

describe("admin command line: usage", () => {
  let h: AdminHarness;
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(() => h.cleanup());

  it.each([
    [[], /Usage: npm run admin -- <command>/],
    [["paint"], /Unknown command "paint"/],
    [["workspaces", "--colour"], /admin workspaces: Unknown option '--colour'$/m],
    [["workspaces", "extra"], /admin workspaces: unexpected argument "extra"/],
    [["workspace"], /admin workspace: missing <workspace>\nusage: npm run admin -- workspace <workspace>/],
    [["workspace", "guild-1"], /<workspace>: expected a workspace id \(ws_\.\.\.\) or platform:id/],
    [["plan", "discord:guild-1", "GOLD"], /<plan>: expected one of FREE, PRO, ENTERPRISE/],
    [["grant", "discord:guild-1", "50"], /--reason: is required: say why, it stays in the ledger/],
    [["grant", "discord:guild-1", "0", "--reason", "x"], /<credits>: must not be 0/],
    [["grant", "discord:guild-1", "lots", "--reason", "x"], /<credits>: credits must be a whole number/],
    [["grant", "discord:guild-1", "5", "--reason", "  "], /--reason: must not be empty/],
    [["cap", "discord:guild-1", "mem_1", "-3"], /Unknown option '-3'/],
    [["cap", "discord:guild-1", "mem_1", "lots"], /<credits>: expected a whole number of credits per day, or none/],
    [["cap", "discord:guild-1", "someone", "5"], /<member>: expected a member id \(mem_\.\.\.\) or platform user/],
    [["block-words", "discord:guild-1", "replace", "x"], /<action>: expected add or remove/],
    [["usage", "--from", "2026-11-01"], /--to: is required \(YYYY-MM-DD\)/],
    [["usage", "--from", "2026-02-30", "--to", "2026-13-01"], /--from: is not a real date; --to: is not a real date/],
    [["usage", "--from", "2026-11-02", "--to", "2026-11-01"], /--to: must not be before --from/],
    [["usage", "--from", "2026-11-01", "--to", "2026-11-02", "--format", "xml"], /--format: expected csv or json/],
    [["forget", "1234"], /<user>: expected a platform user such as discord:1234 or slack:T01\/U02/],
    [["restore"], /missing <file>/],
  ])("%j is refused with exit code 2 and says why", async (argv, message) => {
    const run = await h.admin(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("refuses an invalid configuration with exit code 2, naming the variable", async () => {
    const run = await h.admin(["workspaces"], { env: { STORE: "convex" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/STORE=convex needs CONVEX_URL/);
  });

  it("prints the command list for help and a command's usage for --help, with exit code 0", async () => {
    const help = await h.admin(["help"]);
    expect(help.code).toBe(0);
    for (const name of ["workspaces", "workspace", "plan", "grant", "cap", "ban", "unban", "block-words", "usage", "refill", "forget", "backup", "restore", "export", "import"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
    const grant = await h.admin(["grant", "--help"]);
    expect(grant).toMatchObject({ code: 0, stdout: expect.stringContaining('npm run admin -- grant <workspace> <credits> --reason "<why>"') });
  });

  it("fails with exit code 1 when what the arguments name does not exist", async () => {
    const run = await h.admin(["workspace", "discord:nowhere"]);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toMatch(/No workspace discord:nowhere\. List them with: npm run admin -- workspaces/);
  });
});

describe("npm run admin", () => {
  let h: AdminHarness;
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(() => h.cleanup());

  it("runs as a script against DATA_DIR's store: a table for people, JSON for scripts", async () => {
    await h.generate(h.actor("u1"), "a lighthouse at dusk");
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: h.dir, LOG_LEVEL: "silent" };
    const run = (args: string[]) => collect(spawn("npm", ["run", "--silent", "admin", "--", ...args], { cwd: REPO_ROOT, env }), 60_000);

    const table = await run(["workspaces"]);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    expect(table.stdout).toMatch(/^ID\s+PLATFORM\s+NAME\s+PLAN\s+BALANCE\s+MEMBERS\s+IMAGES\s+STORAGE\s+ACTIVE$/m);
    expect(table.stdout).toMatch(/discord:guild-1\s+Guild guild-1\s+FREE\s+9\s+1\s+1\s+12 B\s+yes/);

    const json = await run(["workspaces", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ externalId: "guild-1", balance: 9, members: 1, images: 1, storageUsedBytes: 12 })]);
    expect((await run(["grant"])).code).toBe(2);
  });
});
