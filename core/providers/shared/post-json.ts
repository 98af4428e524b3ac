import { prettifyError, type z } from "zod";
import type { ProviderId } from "../../domain/models.ts";
import { ProviderError } from "../../ports/image-provider.ts";
import { type HttpErrorContext, mapHttpError } from "./map-http-error.ts";
import { type CappedBody, readCappedBody } from "./read-capped-body.ts";
import { USER_MESSAGES } from "./user-messages.ts";

export interface PostJsonRequest<T> extends HttpErrorContext {
  provider: ProviderId;
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON; a FormData is sent as multipart/form-data (fetch writes the boundary). */
  body: unknown;
  /** The answer is trusted only after this schema accepts it. */
  schema: z.ZodType<T>;
  /** The caller's signal (engine timeout, shutdown); our own timeout is added to it. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Hard limit on the answer's size (see jsonAnswerCap); reading stops the moment it is passed. */
  maxBytes: number;
  fetch: typeof fetch;
  now: () => number;
}

/**
 * One JSON POST to a provider with every way it can go wrong mapped to a ProviderError:
 * timeout or abort, network failure, HTTP status, a body that is not JSON or not the documented
 * shape, an answer larger than `maxBytes`. Reading the body is covered by the same timeout as
 * the request, and the body is streamed against the cap, never buffered whole first.
 */
export async function postJson<T>(request: PostJsonRequest<T>): Promise<T> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  let response: Response;
  let body: CappedBody;
  try {
    const multipart = request.body instanceof FormData;
    response = await request.fetch(request.url, {
      method: "POST",
      headers: { ...(multipart ? {} : { "content-type": "application/json" }), accept: "application/json", ...request.headers },
      body: multipart ? (request.body as FormData) : JSON.stringify(request.body),
      signal,
    });
    // An error answer is read only far enough for the operator's log line.
    body = await readCappedBody(response, response.ok ? request.maxBytes : ERROR_BODY_BYTES);
  } catch (error) {
    throw transportError(request, error, timeout);
  }
  if (!body.ok && body.reason === "budget") {
    throw badResponse(`${request.provider} answer stopped: other answers already hold the process's memory budget for answers in flight`);
  }
  if (!body.ok && response.ok) {
    throw badResponse(`${request.provider} answered with more than ${request.maxBytes} bytes; stopped reading at the cap`);
  }
  const text = body.ok ? body.bytes.toString("utf8") : "(error body larger than 64 KiB, not read)";

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    throw mapHttpError(
      { provider: request.provider, status: response.status, body: json, text, retryAfter: response.headers.get("retry-after"), now: request.now() },
      request,
    );
  }
  if (json === undefined) {
    throw badResponse(`${request.provider} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`);
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw badResponse(`${request.provider} answered in an unexpected shape: ${prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

const ERROR_BODY_BYTES = 64 * 1024;

/** Our timeout and the caller's abort are both PROVIDER_TIMEOUT: the service did not answer in time. */
function transportError(
  request: { provider: ProviderId; signal: AbortSignal; timeoutMs: number },
  error: unknown,
  timeout: AbortSignal,
): ProviderError {
  if (timeout.aborted) {
    return new ProviderError("PROVIDER_TIMEOUT", `${request.provider} did not answer within ${request.timeoutMs} ms`, {
      retryable: true,
      userMessage: USER_MESSAGES.PROVIDER_TIMEOUT,
      cause: error,
    });
  }
  if (request.signal.aborted) {
    return new ProviderError("PROVIDER_TIMEOUT", `${request.provider} request aborted by the caller`, {
      retryable: true,
      userMessage: USER_MESSAGES.PROVIDER_TIMEOUT,
      cause: request.signal.reason ?? error,
    });
  }
  const code = errorCode(error);
  return new ProviderError("PROVIDER_NETWORK", `${request.provider} could not be reached${code ? ` (${code})` : ""}`, {
    retryable: true,
    userMessage: USER_MESSAGES.PROVIDER_NETWORK,
    cause: error,
  });
}

/** fetch wraps socket errors as `TypeError("fetch failed", { cause })`; the cause has the errno code. */
function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && "code" in cause && typeof cause.code === "string") return cause.code;
  return undefined;
}

function badResponse(message: string): ProviderError {
  return new ProviderError("PROVIDER_BAD_RESPONSE", message, { retryable: true, userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE });
}
