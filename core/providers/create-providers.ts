import type { Config } from "../config/load-config.ts";
import type { ProviderId } from "../domain/models.ts";
import type { Logger } from "../logging/create-logger.ts";
import type { Clock } from "../ports/clock.ts";
import type { DescribeProviderId } from "../domain/describe-models.ts";
import type { ImageDescriber } from "../ports/image-describer.ts";
import type { ImageProvider } from "../ports/image-provider.ts";
import { CircuitBreaker, withCircuitBreaker } from "./circuit-breaker.ts";
import { withDescriberBreaker } from "./describe/describer-breaker.ts";
import { createLocalDescriber } from "./describe/local-describer.ts";
import { createOpenAiDescriber } from "./describe/openai-describer.ts";
import { createOpenRouterDescriber } from "./describe/openrouter-describer.ts";
import { createLocalProvider } from "./local/local-provider.ts";
import { createOpenAiProvider } from "./openai/openai-provider.ts";
import { createOpenRouterProvider } from "./openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "./sd-webui/sd-webui-provider.ts";

export interface ConfiguredProviders {
  providers: Map<ProviderId, ImageProvider>;
  /** The engine asks these before claiming, so queued jobs wait out an outage. */
  breakers: Map<ProviderId, CircuitBreaker>;
  /** /describe's vision services, one per configured provider that can describe, behind the same breakers. */
  describers: Map<DescribeProviderId, ImageDescriber>;
}

type ProviderConfig = Pick<
  Config,
  "providers" | "OPENROUTER_API_KEY" | "OPENROUTER_BASE_URL" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "SD_WEBUI_URL" | "PROVIDER_TIMEOUT_MS" | "PUBLIC_URL"
>;

function build(id: ProviderId, config: ProviderConfig, logger: Logger): ImageProvider {
  const common = { timeoutMs: config.PROVIDER_TIMEOUT_MS, log: logger };
  switch (id) {
    case "openrouter":
      return createOpenRouterProvider({ ...common, apiKey: config.OPENROUTER_API_KEY!, baseUrl: config.OPENROUTER_BASE_URL, appUrl: config.PUBLIC_URL });
    case "openai":
      return createOpenAiProvider({ ...common, apiKey: config.OPENAI_API_KEY!, baseUrl: config.OPENAI_BASE_URL });
    case "sd-webui":
      return createSdWebUiProvider({ ...common, baseUrl: config.SD_WEBUI_URL! });
    case "local":
      return createLocalProvider();
  }
}

function buildDescriber(id: ProviderId, config: ProviderConfig, logger: Logger): ImageDescriber | null {
  const common = { timeoutMs: config.PROVIDER_TIMEOUT_MS, log: logger };
  switch (id) {
    case "openrouter":
      return createOpenRouterDescriber({ ...common, apiKey: config.OPENROUTER_API_KEY!, baseUrl: config.OPENROUTER_BASE_URL, appUrl: config.PUBLIC_URL });
    case "openai":
      return createOpenAiDescriber({ ...common, apiKey: config.OPENAI_API_KEY!, baseUrl: config.OPENAI_BASE_URL });
    case "local":
      return createLocalDescriber();
    case "sd-webui":
      return null;
  }
}

/** One ImageProvider (and describer, where the service can describe) per configured provider, each behind its own circuit breaker. */
export function createProviders(config: ProviderConfig, logger: Logger, clock: Clock): ConfiguredProviders {
  const providers = new Map<ProviderId, ImageProvider>();
  const breakers = new Map<ProviderId, CircuitBreaker>();
  const describers = new Map<DescribeProviderId, ImageDescriber>();
  for (const id of config.providers) {
    const breaker = new CircuitBreaker({
      clock,
      onStateChange: (from, to) => logger[to === "open" ? "warn" : "info"]({ provider: id, from, to }, `${id} circuit ${to}`),
    });
    breakers.set(id, breaker);
    providers.set(id, withCircuitBreaker(build(id, config, logger), breaker));
    const describer = buildDescriber(id, config, logger);
    if (describer) describers.set(describer.id, withDescriberBreaker(describer, breaker));
  }
  return { providers, breakers, describers };
}
