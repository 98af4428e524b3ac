/**
 * Errors carry a stable `code` and structured fields; callers branch on `code`, never on
 * messages. Unknown errors are wrapped at the boundary with `asCodedError`.
 */
export class CodedError extends Error {
  readonly code: string;
  readonly fields: Record<string, unknown>;

  constructor(code: string, message: string, options: { cause?: unknown; fields?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = "CodedError";
    this.code = code;
    this.fields = options.fields ?? {};
  }
}

export function asCodedError(error: unknown, code = "INTERNAL"): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CodedError(code, message, { cause: error });
}
