import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../core/commands/command-table.ts";
import { helpText } from "../../../core/commands/help-text.ts";

describe("helpText", () => {
  it("lists every command with its usage and description", () => {
    expect(helpText()).toBe(
      [
        "/imagine <prompt> [--model <model>] [--ar <aspect>] [--n <count>] [--seed <seed>] [--no <negative>] [--private] [--image <image>] [--strength <strength>] [--remix <remix>]",
        "    Generate an image from a text prompt",
        "/describe <image> [--model <model>]",
        "    Suggest prompts for an image; each has a button that runs it through /imagine",
        "/credits",
        "    Show the workspace's plan, credits and recent usage",
        "/jobs",
        "    List your recent jobs",
        "/show <job>",
        "    Show a job and its images",
        "/cancel <job>",
        "    Cancel a queued job (credits are refunded)",
        "/collection [<page>]",
        "    Show this channel's shared collection",
        "/search <words> [--page <page>]",
        "    Find the workspace's images by prompt",
        "/settings [--default-model <default_model>] [--allowed-models <allowed_models>] [--block-words <block_words>] [--daily-cap <daily_cap>] [--nsfw <nsfw>] [--sharing <sharing>] [--channels <channels>]",
        "    Show or change the workspace's settings (admins)",
        "/apikey <action> [--name <name>] [--scopes <scopes>] [--id <id>]",
        "    Create, list or revoke the workspace's REST API keys (admins)",
        "/link [<code>]",
        "    Share one credit pool with the team's Discord server or Slack workspace (admins)",
        "/unlink [--confirm]",
        "    End the shared credit pool (shows what each side keeps first) (admins)",
        "/forget-me [--confirm]",
        "    Delete your images, API keys and memberships everywhere; asks first",
        "/help [<command>]",
        "    List the commands",
      ].join("\n"),
    );
  });

  it("explains one command's options", () => {
    expect(helpText("imagine")).toBe(
      [
        "/imagine <prompt> [--model <model>] [--ar <aspect>] [--n <count>] [--seed <seed>] [--no <negative>] [--private] [--image <image>] [--strength <strength>] [--remix <remix>]",
        "Generate an image from a text prompt",
        "  <prompt>  What to draw",
        "  --model  Model to use (default: the workspace's)",
        "  --ar  Aspect ratio",
        "  --n  Number of images (1-4)",
        "  --seed  Seed, to reproduce an image",
        "  --no  What to leave out",
        "  --private  Keep the result out of shared collections",
        "  --image  Start from this image (PNG, JPEG or WebP)",
        "  --strength  With an image: how far from it, 0.05 (close) to 1 (free)",
        "  --remix  Start from a result: <job> or <job>/<n> for its n-th image",
      ].join("\n"),
    );
  });

  it("accepts the command with its slash and in any case", () => {
    expect(helpText("/Cancel")).toBe(["/cancel <job>", "Cancel a queued job (credits are refunded)", "  <job>  Job id (shown under every result)"].join("\n"));
    expect(helpText("credits")).toBe("/credits\nShow the workspace's plan, credits and recent usage");
  });

  it("says so for an unknown command", () => {
    expect(helpText("paint")).toBe('Unknown command "paint". Type /help for the list.');
  });

  it("has a line for every command in the table", () => {
    const text = helpText();
    for (const c of COMMANDS) expect(text).toContain(`/${c.name}`);
    expect(text.split("\n")).toHaveLength(COMMANDS.length * 2);
  });
});
