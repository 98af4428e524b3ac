import type { ImageDescriber } from "../../ports/image-describer.ts";
import { isOpenAiContentPolicy } from "../openai/openai-schema.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { describeWithChat } from "./chat-describer.ts";

export interface OpenAiDescriberOptions {
  apiKey: string;
  /** https://api.openai.com/v1 or a compatible server (OPENAI_BASE_URL). */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  log?: ProviderLog;
  now?: () => number;
}

/**
 * /describe through OpenAI's Chat Completions API: a user message with a text part and an
 * `image_url` part holding a base64 `data:` URL (guide: "Images and vision"), and Structured
 * Outputs (`response_format` with a strict `json_schema`). Chat Completions rather than the
 * Responses API because OpenAI-compatible servers (OPENAI_BASE_URL) widely speak it.
 */
export function createOpenAiDescriber(options: OpenAiDescriberOptions): ImageDescriber {
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return {
    id: "openai",
    describe: (input) =>
      describeWithChat(
        {
          provider: "openai",
          url,
          headers: { authorization: `Bearer ${options.apiKey}` },
          timeoutMs: options.timeoutMs,
          fetch: options.fetch,
          now: options.now,
          credentialHint: "OPENAI_API_KEY",
          isContentPolicy: isOpenAiContentPolicy,
          log: options.log,
        },
        input,
      ),
  };
}
