import { CodedError } from "../../core/domain/errors.ts";

/**
 * An error a handler throws to answer with a specific status. Its message is sent to the
 * client, so it must be written for them; anything else thrown becomes a bare 500.
 */
export class HttpError extends CodedError {
  readonly status: number;

  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = "HttpError";
    this.status = status;
  }
}
