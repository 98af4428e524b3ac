import type { ProviderId } from "../../domain/models.ts";
import { ProviderError } from "../../ports/image-provider.ts";
import { isRecord } from "./is-record.ts";
import { parseRetryAfter } from "./parse-retry-after.ts";
import type { ProviderLog } from "./provider-log.ts";
import { USER_MESSAGES } from "./user-messages.ts";

export interface HttpFailure {
  provider: ProviderId;
  status: number;
  /** Parsed JSON body when there was one, else undefined. */
  body: unknown;
  /** Raw body text, for the log message when the body is not JSON. */
  text: string;
  retryAfter: string | null;
  now: number;
}

export interface HttpErrorContext {
  /** Each provider says how its refusals look; called for every 4xx before the status rules. */
  isContentPolicy?: (status: number, body: unknown) => boolean;
  /** The configuration variable to name in the operator's log line, e.g. OPENROUTER_API_KEY. */
  credentialHint: string;
  log?: ProviderLog;
}

/**
 * Out of credit is retryable on purpose: it is the operator's to fix, not the user's fault, and
 * counting it as a failure lets the circuit breaker open so queued jobs wait for the top-up
 * instead of all failing. The minute's delay keeps retries from hammering an empty account.
 */
const OUT_OF_CREDIT_RETRY_MS = 60_000;

/** Turns a non-2xx answer (or an error a provider reported inside a 200) into a ProviderError. */
export function mapHttpError(failure: HttpFailure, context: HttpErrorContext): ProviderError {
  const { provider, status } = failure;
  const message = `${provider} answered HTTP ${status}: ${errorDetail(failure.body, failure.text)}`;
  const retryAfterMs = parseRetryAfter(failure.retryAfter, failure.now);

  if (status >= 400 && status < 500 && context.isContentPolicy?.(status, failure.body)) {
    return new ProviderError("CONTENT_POLICY", message, { retryable: false, userMessage: USER_MESSAGES.CONTENT_POLICY });
  }
  if (status === 401 || status === 403) {
    context.log?.error({ provider, status, code: "PROVIDER_AUTH" }, `${provider} rejected our credentials: check ${context.credentialHint}`);
    return new ProviderError("PROVIDER_AUTH", message, { retryable: false, userMessage: USER_MESSAGES.PROVIDER_AUTH });
  }
  if (status === 402) {
    context.log?.error({ provider, status, code: "PROVIDER_OUT_OF_CREDIT" }, `${provider} says the account is out of credit: top it up`);
    return new ProviderError("PROVIDER_OUT_OF_CREDIT", message, {
      retryable: true,
      retryAfterMs: retryAfterMs ?? OUT_OF_CREDIT_RETRY_MS,
      userMessage: USER_MESSAGES.PROVIDER_OUT_OF_CREDIT,
    });
  }
  if (status === 408) {
    return new ProviderError("PROVIDER_TIMEOUT", message, { retryable: true, retryAfterMs, userMessage: USER_MESSAGES.PROVIDER_TIMEOUT });
  }
  if (status === 429) {
    return new ProviderError("PROVIDER_RATE_LIMITED", message, {
      retryable: true,
      retryAfterMs,
      userMessage: USER_MESSAGES.PROVIDER_RATE_LIMITED,
    });
  }
  if (status >= 500) {
    return new ProviderError("PROVIDER_UNAVAILABLE", message, {
      retryable: true,
      retryAfterMs,
      userMessage: USER_MESSAGES.PROVIDER_UNAVAILABLE,
    });
  }
  if (status >= 400) {
    return new ProviderError("PROVIDER_BAD_REQUEST", message, { retryable: false, userMessage: USER_MESSAGES.PROVIDER_BAD_REQUEST });
  }
  // 1xx/3xx never reach here from fetch except as a misbehaving server; try again later.
  return new ProviderError("PROVIDER_BAD_RESPONSE", message, { retryable: true, userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE });
}

/** The provider's own words for the log: OpenAI/OpenRouter `error.message`, FastAPI `detail`, or the start of the text. */
function errorDetail(body: unknown, text: string): string {
  if (isRecord(body)) {
    const error = body.error;
    if (isRecord(error) && typeof error.message === "string") return error.message.slice(0, 300);
    if (typeof error === "string") return error.slice(0, 300);
    if (typeof body.detail === "string") return body.detail.slice(0, 300);
  }
  return text.trim().slice(0, 300) || "(empty body)";
}
