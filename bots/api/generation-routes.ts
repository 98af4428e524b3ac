import type { IncomingHttpHeaders } from "node:http";
import { reject, type Rejection } from "../../core/domain/rejections.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";
import { submitApiGeneration } from "../../core/engine/api-generations.ts";
import { generationJson } from "./api-bodies.ts";
import { defineRoute, type ApiRoute } from "./api-route.ts";
import { createGenerationBody, generationAccepted, generationBody } from "./api-schemas.ts";
import type { RouteDeps } from "./route-deps.ts";
import { webhookUrlProblem } from "./webhook-url.ts";

const IDEMPOTENCY_HEADER = {
  name: "Idempotency-Key",
  description: "Up to 255 visible ASCII characters. Repeating a request with the same key returns the first job and charges nothing; the same key with a different request answers 409.",
};

export function generationRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: "POST",
      path: "/generations",
      operationId: "createGeneration",
      summary: "Queue an image generation; its price is charged now and refunded if it fails",
      scope: "generate",
      body: createGenerationBody,
      headers: [IDEMPOTENCY_HEADER],
      response: { status: 202, schema: generationAccepted, description: "Queued (or, for a repeated Idempotency-Key, the original job)" },
      errors: [400, 402, 409, 413, 422],
      async handle({ key, actor, body, headers }) {
        const idempotencyKey = idempotencyKeyOf(headers);
        if (!idempotencyKey.ok) return idempotencyKey;
        const { webhookUrl, inputImageUrl, ...request } = body;
        const problem = webhookUrl === undefined ? null : webhookUrlProblem(webhookUrl, deps.webhookAllowHosts);
        if (problem) return err(reject("INVALID_REQUEST", `Invalid request: ${problem}.`));
        const accepted = await submitApiGeneration(deps.engine, key, actor, { request, webhookUrl: webhookUrl ?? null, inputImageUrl: inputImageUrl ?? null, idempotencyKey: idempotencyKey.value });
        if (!accepted.ok) return accepted;
        const { job, position, price, duplicate } = accepted.value;
        return ok({
          status: 202,
          body: { id: job.id, status: job.status, position, price },
          headers: duplicate ? { "idempotent-replayed": "true" } : {},
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/generations/{id}",
      operationId: "getGeneration",
      summary: "A generation's status, images and error",
      scope: "read",
      response: { status: 200, schema: generationBody, description: "The generation as it is now" },
      errors: [403, 404],
      async handle({ actor, params }) {
        const view = await deps.engine.view(actor, params.id!);
        return view.ok ? ok({ status: 200, body: generationJson(view.value, deps.storage) }) : view;
      },
    }),
    defineRoute({
      method: "DELETE",
      path: "/generations/{id}",
      operationId: "cancelGeneration",
      summary: "Cancel a queued generation; its credits are refunded in full",
      scope: "delete",
      response: { status: 200, schema: generationBody, description: "Cancelled" },
      errors: [403, 404, 409],
      async handle({ actor, params }) {
        const cancelled = await deps.engine.cancel(actor, params.id!);
        if (!cancelled.ok) return cancelled;
        return ok({ status: 200, body: generationJson({ job: cancelled.value, images: [], position: null }, deps.storage) });
      },
    }),
  ];
}

/** Scoped to the API key by the engine, so two keys never share one. */
function idempotencyKeyOf(headers: IncomingHttpHeaders): Result<string | null, Rejection> {
  const value = headers["idempotency-key"];
  if (value === undefined) return ok(null);
  if (typeof value !== "string" || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    return err(reject("INVALID_REQUEST", "Invalid request: the Idempotency-Key header must be 1 to 255 visible ASCII characters."));
  }
  return ok(value);
}
