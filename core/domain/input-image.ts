/**
 * Where a job's starting image (or the image to describe) comes from, as a front end knows it.
 * The engine turns it into checked bytes (core/engine/load-input-image.ts) before anything is
 * charged, and a job keeps its own stored copy: platform links expire (Discord's CDN URLs are
 * signed for about a day), a remix next week must not depend on them.
 */
export type InputImageSource =
  /**
   * A platform attachment or any public https image. `authorization` is for a platform's private
   * file URL (Slack `url_private`: "Bearer <bot token>") and is sent to that URL's origin only.
   */
  | { kind: "url"; url: string; authorization?: string }
  /** A stored Pixorly result (Remix, or /describe of a result). */
  | { kind: "image"; imageId: string };

/**
 * Largest input image we fetch: phone photos run 3-8 MB as JPEG, and the providers take more
 * (OpenAI image edits accept 50 MB), but an input is held in memory while the job waits.
 */
export const INPUT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** What the person is told the limit is. */
export const INPUT_IMAGE_LIMIT_TEXT = "10 MB";
