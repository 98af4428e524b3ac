import type { ProviderErrorCode } from "../../ports/image-provider.ts";

/**
 * What the person who asked is told for each failure, in plain words. Whether the job is
 * retried or refunded is the engine's to say, so none of these promise either.
 */
export const USER_MESSAGES = {
  PROVIDER_TIMEOUT: "The image service took too long to answer.",
  PROVIDER_NETWORK: "The image service could not be reached.",
  PROVIDER_RATE_LIMITED: "The image service is busy right now.",
  PROVIDER_UNAVAILABLE: "The image service is having problems right now.",
  PROVIDER_AUTH: "The image service is not set up correctly on this server; its operator has been told.",
  PROVIDER_OUT_OF_CREDIT: "The image service account behind this bot has run out of credit; its operator has been told.",
  PROVIDER_BAD_REQUEST: "The image service could not handle this request.",
  PROVIDER_BAD_RESPONSE: "The image service sent back something that was not a usable image.",
  CONTENT_POLICY: "The image service refused this prompt because of its content rules. Try describing it differently.",
  PROVIDER_DEGRADED: "The image service is degraded, your job is queued and will run when it recovers.",
} as const satisfies Record<ProviderErrorCode, string>;
