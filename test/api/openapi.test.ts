import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodType, type z } from "zod";
import * as schemas from "../../bots/api/api-schemas.ts";
import { apiSchemas, errorBody } from "../../bots/api/api-schemas.ts";
import { apiHarness, type ApiHarness, type ApiResponse } from "./api-harness.ts";

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: { "application/json": { schema: { $ref?: string } } } }>;
}

/** The zod schema a document $ref was generated from: the named schema with that component id. */
function schemaFor(ref: string | undefined): z.ZodType {
  const id = ref?.replace("#/components/schemas/", "");
  const named = Object.values(schemas as Record<string, unknown>).filter((s): s is z.ZodType => s instanceof ZodType);
  const found = named.find((s) => apiSchemas.get(s)?.id === id);
  if (!found) throw new Error(`no zod schema behind ${ref}`);
  return found;
}

describe("REST API: the OpenAPI document", () => {
  let h: ApiHarness;
  let key: string;
  let doc: Json;
  /** Live requests that succeed, one per documented operation. */
  const examples: Record<string, () => Promise<ApiResponse>> = {};

  beforeAll(async () => {
    h = await apiHarness();
    key = (await h.createKey()).rawKey;
    h.engine.start();
    const { id: jobId } = (await h.call("POST", "/api/v1/generations", { key, body: { prompt: "a fox", count: 2 } })).json as { id: string };
    await h.settled(jobId);
    // From here on jobs stay queued, so the cancel example has one to cancel.
    await h.engine.stop(0);
    const { workspace } = await h.engine.resolve(h.admin);
    const collection = await h.store.collections.ensureForChannel({ workspaceId: workspace.id, channelKey: "discord:w1/c1", name: "#general", now: h.clock.now() });
    const [image] = await h.store.images.listForJob(jobId);

    Object.assign(examples, {
      createGeneration: () => h.call("POST", "/api/v1/generations", { key, body: { prompt: "another fox", webhookUrl: "https://hooks.example.com/pixorly" } }),
      getGeneration: () => h.call("GET", `/api/v1/generations/${jobId}`, { key }),
      cancelGeneration: async () => {
        const queued = await h.engine.submit({ actor: h.admin, source: "console", idempotencyKey: null, channelKey: null, replyTarget: null, request: { prompt: "cancel me" } });
        if (!queued.ok) throw new Error(queued.error.message);
        return h.call("DELETE", `/api/v1/generations/${queued.value.job.id}`, { key });
      },
      listImages: () => h.call("GET", "/api/v1/images?limit=1", { key }),
      listCollections: () => h.call("GET", "/api/v1/collections", { key }),
      addImagesToCollection: () => h.call("POST", `/api/v1/collections/${collection.id}/images`, { key, body: { imageIds: [image!.id] } }),
      getUsage: () => h.call("GET", "/api/v1/usage", { key }),
      getWebhookSecret: () => h.call("GET", "/api/v1/webhook-secret", { key }),
    });
    const served = await h.call("GET", "/api/v1/openapi.json");
    expect(served.status).toBe(200);
    doc = served.json as Json;
  });
  afterAll(() => h.cleanup());

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );

  it("is OpenAPI 3.1, served without a key, with every $ref resolving to a component", () => {
    expect(doc.openapi).toBe("3.1.0");
    const components = (doc.components as { schemas: Json }).schemas;
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(components, ref).toHaveProperty(ref);
  });

  it("documents exactly the routes the API serves", async () => {
    expect(operations().map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      [
        "POST /generations",
        "GET /generations/{id}",
        "DELETE /generations/{id}",
        "GET /images",
        "GET /collections",
        "POST /collections/{id}/images",
        "GET /usage",
        "GET /webhook-secret",
      ].sort(),
    );
    // Every documented operation exists: without a key it is refused as unauthenticated, not unknown.
    for (const { method, path } of operations()) {
      const live = await h.call(method, `/api/v1${path.replace("{id}", "x1")}`);
      expect(live.status, `${method} ${path}`).toBe(401);
    }
  });

  it("describes every live success response with the zod schema it was generated from", async () => {
    for (const { method, path, op } of operations()) {
      const example = examples[op.operationId];
      if (!example) throw new Error(`no live example for ${op.operationId}`);
      const response = await example();
      const documented = op.responses[String(response.status)];
      expect(documented, `${method} ${path} answered ${response.status}: ${JSON.stringify(response.json)}`).toBeDefined();
      expect(Object.keys(op.responses).find((s) => s.startsWith("2")), `${method} ${path}`).toBe(String(response.status));
      const schema = schemaFor(documented!.content!["application/json"].schema.$ref);
      expect(schema.safeParse(response.json).error, `${method} ${path}`).toBeUndefined();
    }
  });

  it("describes live error responses too", async () => {
    const failures: [string, Promise<ApiResponse>][] = [
      ["createGeneration", h.call("POST", "/api/v1/generations", { key, body: { prompt: "" } })],
      ["getGeneration", h.call("GET", "/api/v1/generations/job_missing", { key })],
      ["listImages", h.call("GET", "/api/v1/images", { key: "pxl_00000000_" + "0".repeat(48) })],
    ];
    for (const [operationId, pending] of failures) {
      const response = await pending;
      const op = operations().find((o) => o.op.operationId === operationId)!.op;
      const documented = op.responses[String(response.status)];
      expect(documented, `${operationId} ${response.status}`).toBeDefined();
      expect(schemaFor(documented!.content!["application/json"].schema.$ref)).toBe(errorBody);
      expect(errorBody.safeParse(response.json).success).toBe(true);
    }
  });
});
