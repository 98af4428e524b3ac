/**
 * Defaults shared by the HTTP providers. The lead wires PROVIDER_TIMEOUT_MS over `timeoutMs`;
 * the image cap is ours: no provider we call returns images anywhere near 20 MB, so anything
 * larger is a broken or hostile answer.
 */
export const PROVIDER_DEFAULTS = {
  timeoutMs: 120_000,
  maxImageBytes: 20 * 1024 * 1024,
} as const satisfies Record<string, number>;
