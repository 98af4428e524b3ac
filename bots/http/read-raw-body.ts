import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.ts";

/**
 * The request body as the exact bytes received, which Discord's and Slack's signature checks
 * need. Rejects with a 413 HttpError as soon as the body is known to exceed `limitBytes`
 * (from Content-Length, or while reading a chunked body) without buffering the rest.
 */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > limitBytes) return Promise.reject(payloadTooLarge(limitBytes));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limitBytes) {
        stop();
        // Paused rather than destroyed: destroying the request would also destroy the socket
        // before the 413 could be sent.
        req.pause();
        reject(payloadTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      stop();
      reject(new HttpError(400, "BODY_INCOMPLETE", "the request body could not be read", { cause: error }));
    };
    const onClose = () => {
      stop();
      reject(new HttpError(400, "BODY_INCOMPLETE", "the request body ended early"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

export function payloadTooLarge(limitBytes: number): HttpError {
  return new HttpError(413, "PAYLOAD_TOO_LARGE", `request body is larger than ${limitBytes} bytes`);
}
