import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMANDS, findCommand, type CommandDef } from "../../../core/commands/command-table.ts";
import { parseCommandLine, parseOptions, usage, type OptionValues } from "../../../core/commands/parse-text-command.ts";
import { ASPECT_RATIOS } from "../../../core/domain/aspect-ratios.ts";
import type { Rejection } from "../../../core/domain/rejections.ts";

const imagine = findCommand("imagine")!;
const IMAGINE_USAGE = "/imagine <prompt> [--model <model>] [--ar <aspect>] [--n <count>] [--seed <seed>] [--no <negative>] [--private] [--image <image>] [--strength <strength>] [--remix <remix>]";

function parsed(line: string): { name: string; options: OptionValues } {
  const result = parseCommandLine(line);
  if (!result.ok) throw new Error(`expected a parse, got ${result.error.code}: ${result.error.message}`);
  return { name: result.value.command.name, options: result.value.options };
}

function failure(line: string): Rejection {
  const result = parseCommandLine(line);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value.options)}`);
  return result.error;
}

describe("parseCommandLine: /imagine", () => {
  it("parses the documented example", () => {
    expect(parsed("/imagine a red fox --ar 16:9 --n 2 --seed 7 --no blurry text --private")).toEqual({
      name: "imagine",
      options: { prompt: "a red fox", aspect: "16:9", count: 2, seed: 7, negative: "blurry text", private: true },
    });
  });

  it("parses a bare prompt", () => {
    expect(parsed("/imagine a lighthouse at dusk").options).toEqual({ prompt: "a lighthouse at dusk" });
  });

  it("accepts --flag=value", () => {
    expect(parsed("/imagine fox --ar=4:3 --n=3 --seed=0 --model=local --no=rain").options).toEqual({
      prompt: "fox",
      aspect: "4:3",
      count: 3,
      seed: 0,
      model: "local",
      negative: "rain",
    });
  });

  it("keeps = signs inside an inline value", () => {
    expect(parsed("/imagine fox --no=a=b").options).toEqual({ prompt: "fox", negative: "a=b" });
  });

  it("accepts quoted phrases as values, in straight and typographic quotes", () => {
    expect(parsed(`/imagine fox --no "blurry text" --model 'local'`).options).toEqual({ prompt: "fox", negative: "blurry text", model: "local" });
    expect(parsed(`/imagine fox --no="blurry text" --n 2`).options).toEqual({ prompt: "fox", negative: "blurry text", count: 2 });
    expect(parsed("/imagine “a red fox” --no ‘soft focus’").options).toEqual({ prompt: "a red fox", negative: "soft focus" });
  });

  it("strips the quotes around a prompt quoted as a whole", () => {
    expect(parsed(`/imagine "a red fox" --n 2`).options).toEqual({ prompt: "a red fox", count: 2 });
  });

  it("keeps quotes that are part of the prompt (text to draw on a sign)", () => {
    expect(parsed(`/imagine a shop sign that says "OPEN LATE" at night --n 2`).options).toEqual({
      prompt: 'a shop sign that says "OPEN LATE" at night',
      count: 2,
    });
  });

  it("keeps apostrophes as ordinary text", () => {
    expect(parsed("/imagine a fox's den in '90s style, rock 'n' roll").options).toEqual({
      prompt: "a fox's den in '90s style, rock 'n' roll",
    });
  });

  it("keeps line breaks and spacing inside a multi-line prompt", () => {
    expect(parsed("/imagine line one\nline  two\n\tthree --ar 3:2").options).toEqual({ prompt: "line one\nline  two\n\tthree", aspect: "3:2" });
  });

  it("never reads a quoted phrase as a flag", () => {
    expect(parsed(`/imagine a poster reading "--n" --n 2`).options).toEqual({ prompt: 'a poster reading "--n"', count: 2 });
    expect(parsed(`/imagine "--private"`).options).toEqual({ prompt: "--private" });
  });

  it("joins free text on both sides of single-value flags", () => {
    expect(parsed("/imagine a red --n 2 fox --ar 1:1 in snow").options).toEqual({ prompt: "a red fox in snow", count: 2, aspect: "1:1" });
  });

  it("lets a phrase flag take every word up to the next flag", () => {
    expect(parsed("/imagine fox --no blurry text, watermark --seed 3").options).toEqual({
      prompt: "fox",
      negative: "blurry text, watermark",
      seed: 3,
    });
  });

  it("takes one word for integer and choice flags", () => {
    expect(parsed("/imagine --n 2 a fox").options).toEqual({ prompt: "a fox", count: 2 });
    expect(parsed("/imagine --ar 16:9 a fox").options).toEqual({ prompt: "a fox", aspect: "16:9" });
  });

  it("matches flags in any case", () => {
    expect(parsed("/imagine fox --AR 9:16 --N 1 --Private").options).toEqual({ prompt: "fox", aspect: "9:16", count: 1, private: true });
  });

  it("reads booleans: bare is true; =true/yes/1/on and =false/no/0/off", () => {
    expect(parsed("/imagine fox --private").options.private).toBe(true);
    for (const word of ["true", "yes", "1", "on", "TRUE"]) expect(parsed(`/imagine fox --private=${word}`).options.private).toBe(true);
    for (const word of ["false", "no", "0", "off", "No"]) expect(parsed(`/imagine fox --private=${word}`).options.private).toBe(false);
  });

  it("rejects a boolean given a value it cannot read", () => {
    expect(failure("/imagine fox --private=maybe")).toEqual({
      code: "INVALID_REQUEST",
      message: '--private takes no value (or --private=true / --private=false), got "maybe".',
    });
  });

  it("lets the last of a repeated flag win", () => {
    expect(parsed("/imagine fox --n 1 --n 3").options.count).toBe(3);
  });

  it("treats a lone -- and single dashes as prompt text", () => {
    expect(parsed("/imagine fox -- a -b").options).toEqual({ prompt: "fox -- a -b" });
  });
});

describe("parseCommandLine: errors", () => {
  it("names the valid options for an unknown flag", () => {
    expect(failure("/imagine fox --ratio 16:9")).toEqual({
      code: "INVALID_REQUEST",
      message: "Unknown option --ratio. Options for /imagine: --model, --ar, --n, --seed, --no, --private, --image, --strength, --remix.",
    });
    expect(failure("/imagine fox --ratio=16:9").message).toBe("Unknown option --ratio. Options for /imagine: --model, --ar, --n, --seed, --no, --private, --image, --strength, --remix.");
  });

  it("says 'none' when a command has no flags", () => {
    expect(failure("/show job_1 --verbose")).toEqual({ code: "INVALID_REQUEST", message: "Unknown option --verbose. Options for /show: none." });
  });

  it.each([
    ["/imagine fox --n 0", "--n must be between 1 and 4."],
    ["/imagine fox --n 5", "--n must be between 1 and 4."],
    ["/imagine fox --seed -1", "--seed must be between 0 and 4294967295."],
    ["/imagine fox --seed 4294967296", "--seed must be between 0 and 4294967295."],
    ["/collection 0", "page must be between 1 and 10000."],
  ])("rejects an out-of-range integer: %s", (line, message) => {
    expect(failure(line)).toEqual({ code: "INVALID_REQUEST", message });
  });

  it.each([
    ["/imagine fox --n two", '--n needs a whole number, got "two".'],
    ["/imagine fox --n 2.5", '--n needs a whole number, got "2.5".'],
    ["/imagine fox --seed 1e3", '--seed needs a whole number, got "1e3".'],
    ["/imagine fox --seed 99999999999999999999", '--seed needs a whole number, got "99999999999999999999".'],
    ["/collection two", 'page needs a whole number, got "two".'],
  ])("rejects a non-integer: %s", (line, message) => {
    expect(failure(line)).toEqual({ code: "INVALID_REQUEST", message });
  });

  it("lists the choices for a bad choice", () => {
    expect(failure("/imagine fox --ar 5:4")).toEqual({
      code: "INVALID_REQUEST",
      message: "--ar must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3.",
    });
  });

  it.each(["/imagine fox --n", "/imagine fox --no", "/imagine fox --no --n 2", "/imagine fox --no=", "/imagine fox --model=  "])(
    "asks for a value: %s",
    (line) => {
      expect(failure(line).code).toBe("INVALID_REQUEST");
      expect(failure(line).message).toMatch(/^--(n|no|model) needs a value\.$/);
    },
  );

  it("gives the usage when the required prompt is missing", () => {
    for (const line of ["/imagine", "/imagine   ", "/imagine --n 2 --private"]) {
      expect(failure(line)).toEqual({ code: "INVALID_REQUEST", message: `/imagine needs a prompt. Usage: ${IMAGINE_USAGE}` });
    }
    expect(failure("/cancel")).toEqual({ code: "INVALID_REQUEST", message: "/cancel needs a job. Usage: /cancel <job>" });
  });

  it("rejects text for a command that takes none", () => {
    expect(failure("/credits please")).toEqual({ code: "INVALID_REQUEST", message: "/credits takes no text; see /help credits." });
  });

  it("answers NOT_FOUND for an unknown command", () => {
    expect(failure("/paint a fox")).toEqual({ code: "NOT_FOUND", message: 'Unknown command "/paint". Type /help for the list.' });
    expect(failure("")).toEqual({ code: "NOT_FOUND", message: 'Unknown command "". Type /help for the list.' });
  });
});

describe("parseCommandLine: other commands", () => {
  it("parses commands without options", () => {
    expect(parsed("/credits")).toEqual({ name: "credits", options: {} });
    expect(parsed("  /jobs  ")).toEqual({ name: "jobs", options: {} });
  });

  it("accepts a command without its slash, and in any case", () => {
    expect(parsed("credits")).toEqual({ name: "credits", options: {} });
    expect(parsed("/IMAGINE fox").options).toEqual({ prompt: "fox" });
  });

  it("reads positional job ids, pages and help topics", () => {
    expect(parsed("/show job_01HZY")).toEqual({ name: "show", options: { job: "job_01HZY" } });
    expect(parsed("/cancel  job_01HZY ")).toEqual({ name: "cancel", options: { job: "job_01HZY" } });
    expect(parsed("/collection 3")).toEqual({ name: "collection", options: { page: 3 } });
    expect(parsed("/collection")).toEqual({ name: "collection", options: {} });
    expect(parsed("/help imagine")).toEqual({ name: "help", options: { command: "imagine" } });
    expect(parsed("/help")).toEqual({ name: "help", options: {} });
  });

  it("parses /search words with a page flag", () => {
    expect(parsed("/search red fox --page 2")).toEqual({ name: "search", options: { words: "red fox", page: 2 } });
    expect(failure("/search --page 2")).toEqual({ code: "INVALID_REQUEST", message: "/search needs words. Usage: /search <words> [--page <page>]" });
  });

  it("parses /settings lists as phrases up to the next flag", () => {
    expect(parsed("/settings --block-words clown, mime --daily-cap 20 --nsfw block --channels #art, #general").options).toEqual({
      block_words: "clown, mime",
      daily_cap: 20,
      nsfw: "block",
      channels: "#art, #general",
    });
    expect(failure("/settings --sharing maybe")).toEqual({ code: "INVALID_REQUEST", message: "--sharing must be one of on, off." });
  });
});

describe("parseOptions", () => {
  it("parses option text for a given command", () => {
    expect(parseOptions(imagine, "fox --n 2")).toEqual({ ok: true, value: { prompt: "fox", count: 2 } });
  });
});

describe("usage", () => {
  it("renders required, optional, positional and boolean options", () => {
    expect(usage(imagine)).toBe(IMAGINE_USAGE);
    expect(usage(findCommand("show")!)).toBe("/show <job>");
    expect(usage(findCommand("collection")!)).toBe("/collection [<page>]");
    expect(usage(findCommand("jobs")!)).toBe("/jobs");
  });

  it("is what a command with every option spelled out parses back from", () => {
    for (const c of COMMANDS as readonly CommandDef[]) {
      const line = [`/${c.name}`, ...c.options.map((o) => (o.positional ? (o.choices?.[0] ?? (o.type === "integer" ? "2" : "x")) : o.type === "boolean" ? o.flag! : `${o.flag} ${o.choices?.[0] ?? (o.type === "integer" || o.type === "number" ? String(o.min ?? 1) : "y")}`))].join(" ");
      const result = parseCommandLine(line);
      expect(result.ok, line).toBe(true);
      if (result.ok) expect(Object.keys(result.value.options).sort()).toEqual(c.options.map((o) => o.name).sort());
    }
  });
});

describe("parseCommandLine: generated /imagine lines", () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9,.!?']{0,7}$/);
  const space = fc.constantFrom(" ", "  ", "\t", "\n", " \n ");
  const promptArb = fc
    .tuple(word, fc.array(fc.tuple(space, word), { maxLength: 6 }))
    .map(([first, rest]) => first + rest.map(([s, w]) => s + w).join(""));
  const negativeArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" "));
  const flagsArb = fc.record(
    {
      model: fc.constantFrom("local", "gpt-image-1", "openai/gpt-5-image"),
      aspect: fc.constantFrom(...ASPECT_RATIOS),
      count: fc.integer({ min: 1, max: 4 }),
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      negative: negativeArb,
      private: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const FLAG: Record<string, string> = { model: "--model", aspect: "--ar", count: "--n", seed: "--seed", negative: "--no", private: "--private" };

  it("parses any combination of flags, in any order and either form, back to the values", () => {
    fc.assert(
      fc.property(promptArb, flagsArb, fc.infiniteStream(fc.boolean()), fc.nat(), (prompt, flags, inlineForms, seed) => {
        const entries = Object.entries(flags).sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7));
        const parts = entries.map(([name, value]) => {
          const flag = FLAG[name]!;
          if (name === "private") return value ? flag : `${flag}=false`;
          const text = String(value);
          if (inlineForms.next().value) return text.includes(" ") ? `${flag}="${text}"` : `${flag}=${text}`;
          return `${flag} ${text}`;
        });
        const line = `/imagine ${prompt} ${parts.join(" ")}`;
        const result = parseCommandLine(line);
        expect(result.ok, line).toBe(true);
        if (result.ok) expect(result.value.options).toEqual({ prompt, ...flags });
      }),
    );
  });

  it("never throws, whatever the line", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom("/imagine ", "/show ", "/collection ", "/help ", "/", ""), (text, prefix) => {
        const result = parseCommandLine(prefix + text);
        if (!result.ok) expect(["INVALID_REQUEST", "NOT_FOUND"]).toContain(result.error.code);
      }),
    );
  });

  it("rejects any unknown flag, naming it and the valid ones", () => {
    const known = new Set(["model", "ar", "n", "seed", "no", "private", "image", "strength", "remix"]);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,10}$/).filter((f) => !known.has(f)), (flag) => {
        expect(failure(`/imagine fox --${flag} 1`)).toEqual({
          code: "INVALID_REQUEST",
          message: `Unknown option --${flag}. Options for /imagine: --model, --ar, --n, --seed, --no, --private, --image, --strength, --remix.`,
        });
      }),
    );
  });
});

describe("smart dashes", () => {
  it("reads an em or en dash that autocorrect made of -- as a flag", () => {
    const parsed = parseCommandLine("/imagine a fox \u2014ar 16:9 \u2013n 2");
    expect(parsed).toMatchObject({ ok: true, value: { options: { prompt: "a fox", aspect: "16:9", count: 2 } } });
  });

  it("leaves a dash inside the prompt alone", () => {
    const parsed = parseCommandLine("/imagine dawn \u2014 a quiet harbour");
    expect(parsed).toMatchObject({ ok: true, value: { options: { prompt: "dawn \u2014 a quiet harbour" } } });
  });
});
