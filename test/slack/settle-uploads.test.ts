import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { platformErrorCode } from "../../bots/slack/slack-errors.ts";
import { settleReserved } from "../../bots/slack/upload-images.ts";
import { startFakeSlack, type FakeSlack } from "./fake-slack.ts";

const TOKEN = "xoxb-settle-0000000000-abcdefghijklmnop";

/** What a delivery does with file ids recorded before a share whose outcome a crash hid. */
describe("settling reserved Slack uploads", () => {
  let fake: FakeSlack;
  afterEach(async () => fake.close());

  async function client(failing?: Record<string, string>) {
    fake = await startFakeSlack({ botTokens: [TOKEN], botUserId: "U0BOT", teamId: "T0SETTLE", failing });
    return new webApi.WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  }

  it("files.info answers file_not_found for an upload never completed: that image is uploaded again; a completed one is kept", async () => {
    const slack = await client();
    const url = await slack.files.getUploadURLExternal({ filename: "a.png", length: 1 });
    const shared = await slack.files.getUploadURLExternal({ filename: "b.png", length: 1 });
    await slack.files.completeUploadExternal({ files: [{ id: shared.file_id! }], channel_id: "C1" });

    const settled = await settleReserved(
      slack,
      [
        { imageId: "img_old", fileId: "F_OLD", shared: true },
        { imageId: "img_a", fileId: url.file_id!, shared: false },
        { imageId: "img_b", fileId: shared.file_id!, shared: false },
      ],
      platformErrorCode,
    );
    expect(settled).toEqual([
      { imageId: "img_old", fileId: "F_OLD", shared: true },
      { imageId: "img_b", fileId: shared.file_id!, shared: true },
    ]);
    // Already-shared entries cost no call.
    expect(fake.callsTo("files.info").map((c) => c.args.file)).toEqual([url.file_id, shared.file_id]);
  });

  it("an install without files:read (missing_scope) keeps the id as shared rather than risk a second copy", async () => {
    const slack = await client({ "files.info": "missing_scope" });
    expect(await settleReserved(slack, [{ imageId: "img_a", fileId: "F1", shared: false }], platformErrorCode)).toEqual([
      { imageId: "img_a", fileId: "F1", shared: true },
    ]);
  });

  it("any other answer throws, so the delivery is retried later instead of uploading again", async () => {
    const slack = await client({ "files.info": "internal_error" });
    await expect(settleReserved(slack, [{ imageId: "img_a", fileId: "F1", shared: false }], platformErrorCode)).rejects.toThrow(/internal_error/);
  });
});
