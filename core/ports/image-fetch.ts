import type { GeneratedImage } from "./image-provider.ts";

export interface ImageFetchOptions {
  /**
   * An `Authorization` header value for a platform's private file URL (Slack's `url_private`
   * needs `Bearer <bot token>`). Sent only to the URL's own origin: a redirect elsewhere goes
   * without it, as browsers do, so a token never leaves the host it was meant for.
   */
  authorization?: string;
  /** Overrides the fetch's own byte cap for this call (input images allow more than answers). */
  maxBytes?: number;
}

/**
 * Downloads an untrusted image URL and answers with a checked image (whole PNG, JPEG or WebP
 * within the cap), or throws. Built by the composition root (core/providers/shared/safe-image-fetch.ts)
 * and injected, so the engine never opens connections itself.
 */
export type ImageFetch = (url: string, signal: AbortSignal, options?: ImageFetchOptions) => Promise<GeneratedImage>;
