import { describe, expect, it } from "vitest";
import type { ViewOutput } from "@slack/bolt";
import { decodeRemixMetadata, encodeRemixMetadata, PRIVATE_METADATA_MAX, readRemixSubmission, remixModal } from "../../bots/slack/remix-modal.ts";
import { filesOf, pickImageFile, slackFileSource, type SlackFile } from "../../bots/slack/slack-image-file.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";

const SLACK_FILES = new Set(["https://files.slack.com"]);
const file = (f: Partial<SlackFile> & { name: string; mimetype: string }): SlackFile => ({
  id: `F${f.name}`,
  size: 1000,
  url_private_download: `https://files.slack.com/files-pri/T1-F1/download/${f.name}`,
  ...f,
});
const png = file({ name: "cat.png", mimetype: "image/png" });
const pdf = file({ name: "notes.pdf", mimetype: "application/pdf" });

describe("which Slack file a job starts from", () => {
  it("takes the first PNG, JPEG or WebP among the files, skipping others", () => {
    expect(pickImageFile([pdf, png], true)).toEqual({ kind: "image", file: png });
    expect(pickImageFile([], true)).toEqual({ kind: "none" });
  });

  it("files given on purpose that are not images are refused with the file's name; a thread parent's are ignored", () => {
    const refused = pickImageFile([pdf], true);
    expect(refused).toMatchObject({ kind: "refused", reason: expect.stringMatching(/"notes\.pdf" is not a PNG, JPEG or WebP image.*Nothing was charged/) });
    expect(pickImageFile([pdf], false)).toEqual({ kind: "none" });
    // An image a thread parent carries in another format is refused, not ignored.
    expect(pickImageFile([file({ name: "a.gif", mimetype: "image/gif" })], false)).toMatchObject({ kind: "refused" });
  });

  it("a file Slack says is larger than the input limit is refused before any download", () => {
    const big = file({ name: "huge.jpg", mimetype: "image/jpeg", size: INPUT_IMAGE_MAX_BYTES + 1 });
    expect(pickImageFile([big], true)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/larger than 10 MB.*Nothing was charged/) });
  });

  it("an external file (a link to another service) is refused: its URL is not Slack's", () => {
    expect(pickImageFile([file({ name: "drive.png", mimetype: "image/png", is_external: true })], true)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/another service/) });
  });

  it("the bot token is attached only to a download URL on Slack's own file host", () => {
    expect(slackFileSource(png, "xoxb-1", SLACK_FILES)).toEqual({ kind: "url", url: png.url_private_download, authorization: "Bearer xoxb-1" });
    const elsewhere = { ...png, url_private_download: "https://evil.example/cat.png" };
    expect(slackFileSource(elsewhere, "xoxb-1", SLACK_FILES)).toMatchObject({ refused: expect.stringMatching(/Nothing was charged/) });
    expect(JSON.stringify(slackFileSource(elsewhere, "xoxb-1", SLACK_FILES))).not.toContain("xoxb-1");
  });

  it("reads files in Slack's shape and skips entries in another", () => {
    expect(filesOf({ files: [{ id: "F1", name: "a.png", mimetype: "image/png" }, { name: "no id" }, "junk"] })).toEqual([{ id: "F1", name: "a.png", mimetype: "image/png" }]);
    expect(filesOf({})).toEqual([]);
  });
});

describe("the remix form", () => {
  const metadata = { from: { kind: "job" as const, jobId: "job_1" }, channelId: "C1", threadTs: null, responseUrl: "https://hooks.slack.com/actions/T1/1/x", private: false };

  it("Slack caps private_metadata at 3000 characters: a longer one drops the response_url, then refuses", () => {
    expect(decodeRemixMetadata(encodeRemixMetadata(metadata)!)).toEqual(metadata);
    const longUrl = `https://files.slack.com/files-pri/T1-F1/${"a".repeat(PRIVATE_METADATA_MAX - 200)}.png`;
    const fits = encodeRemixMetadata({ ...metadata, from: { kind: "file", url: longUrl }, responseUrl: `https://hooks.slack.com/${"b".repeat(300)}` });
    expect(fits!.length).toBeLessThanOrEqual(PRIVATE_METADATA_MAX);
    expect(decodeRemixMetadata(fits!)?.responseUrl).toBeNull();
    expect(encodeRemixMetadata({ ...metadata, from: { kind: "file", url: `${longUrl}${"c".repeat(400)}` } })).toBeNull();
    expect(decodeRemixMetadata("not json")).toBeNull();
  });

  it("prefills the prompt as plain text and offers an image choice only for several images", () => {
    const view = remixModal({ startingFrom: "<!channel> photo.png", prompt: "a *bold* fox", models: [["local", "Local · 1 credit"]], model: "local", imageCount: 3, metadata: "{}" });
    const blocks = view.blocks as { block_id?: string; element?: { initial_value?: string; options?: unknown[] }; elements?: { type: string }[] }[];
    expect(blocks.find((b) => b.block_id === "prompt")!.element!.initial_value).toBe("a *bold* fox");
    expect(blocks.find((b) => b.block_id === "image")!.element!.options).toHaveLength(3);
    expect(blocks[0]!.elements![0]!.type).toBe("plain_text");
    const single = remixModal({ startingFrom: "x", prompt: "", models: [["local", "Local"]], model: "local", metadata: "{}" });
    expect((single.blocks as { block_id?: string }[]).some((b) => b.block_id === "image")).toBe(false);
  });

  it("a submission without a prompt or with a strength out of range gets field errors", () => {
    const submitted = (values: Record<string, Record<string, unknown>>) => ({ state: { values } }) as unknown as ViewOutput;
    const bad = readRemixSubmission(submitted({ prompt: { value: { value: "  " } }, model: { value: { selected_option: { value: "local" } } }, strength: { value: { value: "3" } } }));
    expect(bad).toEqual({ ok: false, errors: { prompt: expect.any(String), strength: "A number from 0.05 to 1." } });
    const good = readRemixSubmission(submitted({ prompt: { value: { value: " ink " } }, model: { value: { selected_option: { value: "local" } } }, strength: { value: { value: "0.3" } } }));
    expect(good).toEqual({ ok: true, value: { prompt: "ink", model: "local", strength: 0.3, imageIndex: 0 } });
  });
});

describe("--image as typed in Slack", () => {
  it("Slack wraps links in message text as <url> or <url|label>: the URL is taken out", async () => {
    const { slackLinkUrl } = await import("../../bots/slack/typed-image-link.ts");
    expect(slackLinkUrl("<https://example.com/a.png>")).toBe("https://example.com/a.png");
    expect(slackLinkUrl("<https://example.com/a.png|example.com/a.png>")).toBe("https://example.com/a.png");
    expect(slackLinkUrl(" https://example.com/a.png ")).toBe("https://example.com/a.png");
  });
});
