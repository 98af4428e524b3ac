import type { ImageDescriber } from "../../ports/image-describer.ts";
import { ProviderError } from "../../ports/image-provider.ts";
import { breakerOutcomeOf, type CircuitBreaker } from "../circuit-breaker.ts";

/**
 * The describer behind its provider's breaker (the same one image jobs use: one account, one
 * service). While it is open /describe fails fast, charging nothing, instead of waiting out a
 * timeout per person.
 */
export function withDescriberBreaker(describer: ImageDescriber, breaker: CircuitBreaker): ImageDescriber {
  return {
    id: describer.id,
    async describe(input) {
      if (!breaker.tryAcquire()) {
        throw new ProviderError("PROVIDER_DEGRADED", `${describer.id} circuit is open after repeated failures`, {
          retryable: true,
          retryAfterMs: breaker.retryInMs(),
          userMessage: "The vision service is having problems right now. Try /describe again in a minute.",
        });
      }
      try {
        const output = await describer.describe(input);
        breaker.record("success");
        return output;
      } catch (error) {
        breaker.record(breakerOutcomeOf(error, input.signal));
        throw error;
      }
    },
  };
}
