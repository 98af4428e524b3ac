import type { ImageDescriber } from "../../ports/image-describer.ts";
import { isOpenRouterContentPolicy } from "../openrouter/openrouter-schema.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { describeWithChat } from "./chat-describer.ts";

export interface OpenRouterDescriberOptions {
  apiKey: string;
  /** e.g. https://openrouter.ai/api/v1 (OPENROUTER_BASE_URL). */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Sent as HTTP-Referer, OpenRouter's app attribution; omitted when not set. */
  appUrl?: string;
  appName?: string;
  log?: ProviderLog;
  now?: () => number;
}

/** /describe through OpenRouter's chat completions with an image content part (docs: "Image Inputs", "Structured Outputs"). */
export function createOpenRouterDescriber(options: OpenRouterDescriberOptions): ImageDescriber {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    "x-title": options.appName ?? "Pixorly",
    ...(options.appUrl ? { "http-referer": options.appUrl } : {}),
  };
  return {
    id: "openrouter",
    describe: (input) =>
      describeWithChat(
        {
          provider: "openrouter",
          url,
          headers,
          timeoutMs: options.timeoutMs,
          fetch: options.fetch,
          now: options.now,
          credentialHint: "OPENROUTER_API_KEY",
          isContentPolicy: isOpenRouterContentPolicy,
          log: options.log,
        },
        input,
      ),
  };
}
