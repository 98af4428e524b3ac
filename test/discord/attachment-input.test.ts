import type { APIAttachment } from "discord.js";
import { describe, expect, it } from "vitest";
import { attachmentInput } from "../../bots/discord/attachment-input.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";

const file = (extra: Partial<APIAttachment> = {}): APIAttachment => ({
  id: "7001",
  filename: "photo.png",
  size: 2048,
  url: "https://cdn.discordapp.com/attachments/1/7001/photo.png?ex=1&is=2&hm=3",
  proxy_url: "https://media.discordapp.net/attachments/1/7001/photo.png?ex=1&is=2&hm=3",
  content_type: "image/png",
  width: 64,
  height: 48,
  ...extra,
});

describe("an /imagine attachment is refused before any charge when Discord's description says it cannot be used", () => {
  it("a PNG, JPEG or WebP attachment becomes the engine's URL input (the CDN url, not the proxy)", () => {
    for (const content_type of ["image/png", "image/jpeg", "image/webp", "image/png; charset=binary"]) {
      expect(attachmentInput("7001", { "7001": file({ content_type }) })).toEqual({ ok: true, value: { kind: "url", url: file().url } });
    }
  });

  it("an attachment that is not an image (by declared content type) is refused with clear words", () => {
    for (const content_type of ["text/plain", "application/pdf", "image/gif", "image/svg+xml", "video/mp4"]) {
      const refused = attachmentInput("7001", { "7001": file({ filename: "notes.txt", content_type }) });
      expect(refused).toEqual({ ok: false, error: "`notes.txt` is not an image Pixorly can use: attach a PNG, JPEG or WebP image. Nothing was charged." });
    }
  });

  it("without a declared content type the file name decides here (and the bytes in core)", () => {
    expect(attachmentInput("7001", { "7001": file({ content_type: undefined, filename: "photo.JPG" }) }).ok).toBe(true);
    expect(attachmentInput("7001", { "7001": file({ content_type: undefined, filename: "archive.zip" }) }).ok).toBe(false);
  });

  it("an attachment larger than the 10 MB input limit (by declared size) is refused with its size and the limit", () => {
    expect(attachmentInput("7001", { "7001": file({ size: INPUT_IMAGE_MAX_BYTES }) }).ok).toBe(true);
    const refused = attachmentInput("7001", { "7001": file({ size: 12.5 * 1024 * 1024 }) });
    expect(refused).toEqual({ ok: false, error: "`photo.png` is 12.5 MB; Pixorly takes images up to 10 MB. Nothing was charged." });
  });

  it("an option whose attachment Discord did not resolve asks to attach it again", () => {
    expect(attachmentInput("7002", { "7001": file() })).toMatchObject({ ok: false, error: expect.stringMatching(/attach it again/) });
    expect(attachmentInput("7002", undefined).ok).toBe(false);
  });
});
