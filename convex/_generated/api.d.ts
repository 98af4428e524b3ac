/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as admin from "../admin.js";
import type * as apiKeys from "../apiKeys.js";
import type * as collections from "../collections.js";
import type * as constants from "../constants.js";
import type * as credits from "../credits.js";
import type * as crons from "../crons.js";
import type * as http from "../http.js";
import type * as images from "../images.js";
import type * as installations from "../installations.js";
import type * as jobs from "../jobs.js";
import type * as links from "../links.js";
import type * as model_actorRevision from "../model/actorRevision.js";
import type * as model_adminExport from "../model/adminExport.js";
import type * as model_adminForget from "../model/adminForget.js";
import type * as model_adminImport from "../model/adminImport.js";
import type * as model_applyEffects from "../model/applyEffects.js";
import type * as model_applyForgetEffects from "../model/applyForgetEffects.js";
import type * as model_chargeOnce from "../model/chargeOnce.js";
import type * as model_claim from "../model/claim.js";
import type * as model_clerkUsers from "../model/clerkUsers.js";
import type * as model_clerkWebhook from "../model/clerkWebhook.js";
import type * as model_collections from "../model/collections.js";
import type * as model_complete from "../model/complete.js";
import type * as model_images from "../model/images.js";
import type * as model_installations from "../model/installations.js";
import type * as model_leases from "../model/leases.js";
import type * as model_ledger from "../model/ledger.js";
import type * as model_links from "../model/links.js";
import type * as model_listJobs from "../model/listJobs.js";
import type * as model_lookup from "../model/lookup.js";
import type * as model_mappers from "../model/mappers.js";
import type * as model_outbox from "../model/outbox.js";
import type * as model_promptSearch from "../model/promptSearch.js";
import type * as model_queue from "../model/queue.js";
import type * as model_ready_queues from "../model/ready-queues.js";
import type * as model_refill from "../model/refill.js";
import type * as model_return_validators from "../model/return-validators.js";
import type * as model_secret from "../model/secret.js";
import type * as model_serviceFunctions from "../model/serviceFunctions.js";
import type * as model_spendSnapshot from "../model/spendSnapshot.js";
import type * as model_submit from "../model/submit.js";
import type * as model_transferValidators from "../model/transferValidators.js";
import type * as model_usage from "../model/usage.js";
import type * as model_validators from "../model/validators.js";
import type * as model_webhook_deliveries from "../model/webhook-deliveries.js";
import type * as model_workspaces from "../model/workspaces.js";
import type * as outbox from "../outbox.js";
import type * as rateLimits from "../rateLimits.js";
import type * as usage from "../usage.js";
import type * as users from "../users.js";
import type * as webhookDeliveries from "../webhookDeliveries.js";
import type * as workspaces from "../workspaces.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  admin: typeof admin;
  apiKeys: typeof apiKeys;
  collections: typeof collections;
  constants: typeof constants;
  credits: typeof credits;
  crons: typeof crons;
  http: typeof http;
  images: typeof images;
  installations: typeof installations;
  jobs: typeof jobs;
  links: typeof links;
  "model/actorRevision": typeof model_actorRevision;
  "model/adminExport": typeof model_adminExport;
  "model/adminForget": typeof model_adminForget;
  "model/adminImport": typeof model_adminImport;
  "model/applyEffects": typeof model_applyEffects;
  "model/applyForgetEffects": typeof model_applyForgetEffects;
  "model/chargeOnce": typeof model_chargeOnce;
  "model/claim": typeof model_claim;
  "model/clerkUsers": typeof model_clerkUsers;
  "model/clerkWebhook": typeof model_clerkWebhook;
  "model/collections": typeof model_collections;
  "model/complete": typeof model_complete;
  "model/images": typeof model_images;
  "model/installations": typeof model_installations;
  "model/leases": typeof model_leases;
  "model/ledger": typeof model_ledger;
  "model/links": typeof model_links;
  "model/listJobs": typeof model_listJobs;
  "model/lookup": typeof model_lookup;
  "model/mappers": typeof model_mappers;
  "model/outbox": typeof model_outbox;
  "model/promptSearch": typeof model_promptSearch;
  "model/queue": typeof model_queue;
  "model/ready-queues": typeof model_ready_queues;
  "model/refill": typeof model_refill;
  "model/return-validators": typeof model_return_validators;
  "model/secret": typeof model_secret;
  "model/serviceFunctions": typeof model_serviceFunctions;
  "model/spendSnapshot": typeof model_spendSnapshot;
  "model/submit": typeof model_submit;
  "model/transferValidators": typeof model_transferValidators;
  "model/usage": typeof model_usage;
  "model/validators": typeof model_validators;
  "model/webhook-deliveries": typeof model_webhook_deliveries;
  "model/workspaces": typeof model_workspaces;
  outbox: typeof outbox;
  rateLimits: typeof rateLimits;
  usage: typeof usage;
  users: typeof users;
  webhookDeliveries: typeof webhookDeliveries;
  workspaces: typeof workspaces;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
