/**
 * Defaults shared by the HTTP providers. The lead wires PROVIDER_TIMEOUT_MS over `timeoutMs`;
 * the image cap is ours: the models we call return 1-4 MB (a 1536x1024 PNG from OpenAI's image
 * models, an SDXL 1024x1024 PNG), so anything past 6 MB is a broken or hostile answer. The cap
 * also bounds memory: a provider's JSON answer is read only up to its base64 size (see
 * jsonAnswerCap) and within the process-wide answer budget (answer-budget.ts), so four 120 MB
 * answers at once cost ~35 MB of resident memory, not what the sender sends.
 */
export const PROVIDER_DEFAULTS = {
  timeoutMs: 120_000,
  maxImageBytes: 6 * 1024 * 1024,
} as const satisfies Record<string, number>;
