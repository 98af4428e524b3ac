import { ok } from "../../core/domain/result.ts";
import { webhookSecret } from "../../core/domain/webhook-signature.ts";
import { apiUsage } from "../../core/engine/api-usage.ts";
import { usageDayJson } from "./api-bodies.ts";
import { defineRoute, type ApiRoute } from "./api-route.ts";
import { usageBody, usageQuery, webhookSecretBody } from "./api-schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

export function accountRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/usage",
      operationId: "getUsage",
      summary: "Daily usage: the whole workspace when the key's creator is an admin, else their own",
      scope: "read",
      query: usageQuery,
      response: { status: 200, schema: usageBody, description: "Days with activity in the range" },
      errors: [400],
      async handle({ actor, query }) {
        const usage = await apiUsage(deps.engine, actor, query);
        return usage.ok ? ok({ status: 200, body: { ...usage.value, days: usage.value.days.map(usageDayJson) } }) : usage;
      },
    }),
    defineRoute({
      method: "GET",
      path: "/webhook-secret",
      operationId: "getWebhookSecret",
      summary: "The secret this key's webhook deliveries are signed with",
      scope: "read",
      response: { status: 200, schema: webhookSecretBody, description: "Verify Pixorly-Signature with it" },
      errors: [],
      async handle({ key }) {
        return ok({ status: 200, body: { secret: webhookSecret(key.keyHash, deps.webhookServerKey) } });
      },
    }),
  ];
}
