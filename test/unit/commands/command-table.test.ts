import { describe, expect, it } from "vitest";
import { COMMANDS, findCommand, type CommandDef } from "../../../core/commands/command-table.ts";
import { ASPECT_RATIOS } from "../../../core/domain/aspect-ratios.ts";

const commands = COMMANDS as readonly CommandDef[];

describe("COMMANDS", () => {
  it("lists the product's commands", () => {
    expect(commands.map((c) => c.name)).toEqual([
      "imagine",
      "describe",
      "credits",
      "jobs",
      "show",
      "cancel",
      "collection",
      "search",
      "settings",
      "apikey",
      "link",
      "unlink",
      "forget-me",
      "help",
    ]);
  });

  it("has unique command names, lower-case and usable as Discord command names", () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]{0,31}$/);
  });

  it("gives every text-front-end option a flag or a positional slot", () => {
    for (const c of commands) {
      for (const o of c.options) {
        expect(Boolean(o.flag) !== Boolean(o.positional), `/${c.name} ${o.name}`).toBe(true);
      }
    }
  });

  it("has unique option names and unique flags within each command", () => {
    for (const c of commands) {
      const names = c.options.map((o) => o.name);
      expect(new Set(names).size, `/${c.name}`).toBe(names.length);
      const flags = c.options.flatMap((o) => (o.flag ? [o.flag.toLowerCase()] : []));
      expect(new Set(flags).size, `/${c.name}`).toBe(flags.length);
      for (const flag of flags) expect(flag).toMatch(/^--[a-z][a-z0-9-]*$/);
    }
  });

  it("has at most one positional option per command", () => {
    for (const c of commands) expect(c.options.filter((o) => o.positional).length, `/${c.name}`).toBeLessThanOrEqual(1);
  });

  it("lists required options before optional ones (Discord requires it)", () => {
    for (const c of commands) {
      const firstOptional = c.options.findIndex((o) => !o.required);
      if (firstOptional !== -1) expect(c.options.slice(firstOptional).some((o) => o.required), `/${c.name}`).toBe(false);
    }
  });

  it("fits Discord's limits on descriptions and option names", () => {
    for (const c of commands) {
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of c.options) {
        expect(o.name).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it("gives ranges only to integers, and choices only to strings", () => {
    for (const c of commands) {
      for (const o of c.options) {
        if (o.min !== undefined || o.max !== undefined) expect(["integer", "number"]).toContain(o.type);
        if (o.choices) expect(o.type).toBe("string");
        if (o.type === "boolean") expect(o.flag).toBeDefined();
      }
    }
  });

  it("describes /imagine's options as the product defines them", () => {
    const imagine = findCommand("imagine")!;
    expect(imagine.options.map((o) => [o.name, o.type, o.flag ?? "<positional>"])).toEqual([
      ["prompt", "string", "<positional>"],
      ["model", "string", "--model"],
      ["aspect", "string", "--ar"],
      ["count", "integer", "--n"],
      ["seed", "integer", "--seed"],
      ["negative", "string", "--no"],
      ["private", "boolean", "--private"],
      ["image", "image", "--image"],
      ["strength", "number", "--strength"],
      ["remix", "string", "--remix"],
    ]);
    const by = Object.fromEntries(imagine.options.map((o) => [o.name, o]));
    expect(by.prompt).toMatchObject({ required: true, maxLength: 1500 });
    expect(by.aspect!.choices).toEqual(ASPECT_RATIOS);
    expect(by.count).toMatchObject({ min: 1, max: 4 });
    expect(by.seed).toMatchObject({ min: 0, max: 4294967295 });
    expect(by.model!.autocomplete).toBe(true);
  });

  it("keeps /settings, /apikey, /link and /unlink for admins and everything else for members", () => {
    expect(commands.filter((c) => c.permission === "admin").map((c) => c.name)).toEqual(["settings", "apikey", "link", "unlink"]);
  });

  it("answers only the asker for everything but /imagine", () => {
    expect(commands.filter((c) => !c.private).map((c) => c.name)).toEqual(["imagine"]);
  });

  it("lets anyone ask /forget-me, which acts only with --confirm", () => {
    expect(findCommand("forget-me")).toMatchObject({ permission: "member", private: true });
    expect(findCommand("forget-me")!.options).toEqual([
      { name: "confirm", type: "boolean", description: "Yes: delete everything Pixorly keeps about me", flag: "--confirm" },
    ]);
  });

  it("requires a job id for /show and /cancel", () => {
    for (const name of ["show", "cancel"]) {
      expect(findCommand(name)!.options).toEqual([
        { name: "job", type: "string", description: "Job id (shown under every result)", required: true, positional: true },
      ]);
    }
  });
});

describe("findCommand", () => {
  it("finds a command with or without the slash, in any case", () => {
    expect(findCommand("imagine")?.name).toBe("imagine");
    expect(findCommand("/imagine")?.name).toBe("imagine");
    expect(findCommand("/CREDITS")?.name).toBe("credits");
  });

  it("returns undefined for anything else", () => {
    expect(findCommand("imagin")).toBeUndefined();
    expect(findCommand("")).toBeUndefined();
    expect(findCommand("/")).toBeUndefined();
  });
});
