import { z } from "zod";
import { API_PREFIX, type ApiRoute } from "./api-route.ts";
import { apiSchemas, errorBody, webhookEvent } from "./api-schemas.ts";

const STATUS_TEXT: Record<number, string> = {
  400: "The request is not valid (the message says what is wrong)",
  401: "No API key, or one that is not valid or was revoked",
  402: "Not enough credits",
  403: "The key lacks the scope this route needs, or the workspace refuses the request",
  404: "No such resource in this workspace",
  409: "Conflicts with the resource's state, or an Idempotency-Key reused with a different request",
  413: "The request body is too large",
  422: "The input image could not be used (not a PNG, JPEG or WebP, too large, not a public https link, or unreachable); nothing was charged",
  429: "Too many requests for this key, or too many failed key checks from this address (see Retry-After), or a daily cap or queue limit was reached",
};
/** Every authenticated route can answer these. */
const COMMON_ERRORS = [401, 403, 429];

type Json = Record<string, unknown>;

/** OpenAPI 3.1 for the routes, generated from the zod schemas that validate and shape them. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pixorly API",
      version: "1",
      description: "Generate images, read them and their collections, and read usage. Errors are `{error: {code, message}}`.",
    },
    servers: [{ url: API_PREFIX }],
    security: [{ apiKey: [] }],
    paths,
    webhooks: {
      generationFinished: {
        post: {
          summary: "Sent to a generation's webhookUrl once it completes, fails or is cancelled",
          parameters: [
            {
              name: "Pixorly-Signature",
              in: "header",
              required: true,
              description: "t=<unix seconds>,v1=<hex HMAC-SHA256(webhook secret, `${t}.${raw body}`)>",
              schema: { type: "string" },
            },
          ],
          requestBody: { required: true, content: { "application/json": { schema: ref(webhookEvent) } } },
          responses: { "200": { description: "Any 2xx acknowledges; others are retried a few times" } },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from /apikey create: pxl_<prefix>_<secret>" } },
      schemas: componentSchemas(),
    },
  };
}

function operation(route: ApiRoute): Json {
  const parameters: Json[] = [];
  for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name: match[1], in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{1,100}$" } });
  }
  if (route.query instanceof z.ZodObject) {
    for (const [name, schema] of Object.entries(route.query.shape as Record<string, z.ZodType>)) {
      const json = jsonSchema(schema, "input");
      const { description, ...rest } = json;
      parameters.push({ name, in: "query", required: !schema.safeParse(undefined).success, description, schema: rest });
    }
  }
  for (const header of route.headers ?? []) parameters.push({ name: header.name, in: "header", required: false, description: header.description, schema: { type: "string" } });

  const responses: Record<string, Json> = {
    [route.response.status]: { description: route.response.description, content: { "application/json": { schema: ref(route.response.schema) } } },
  };
  for (const status of [...new Set([...route.errors, ...COMMON_ERRORS])].sort((a, b) => a - b)) {
    const headers = status === 429 ? { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } : undefined;
    responses[status] = { description: STATUS_TEXT[status], headers, content: { "application/json": { schema: ref(errorBody) } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `Needs an API key with the \`${route.scope}\` scope.`,
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(route.body) } } } } : {}),
    responses,
  };
}

/** A named schema as a $ref to its component; any other one inline. */
function ref(schema: z.ZodType): Json {
  const id = apiSchemas.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : jsonSchema(schema, "output");
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Json> };
  // Within an OpenAPI document a component is addressed by its $ref; its own $id/$schema would only mislead.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $id: _id, $schema: _s, ...schema }]) => [id, schema]));
}
