import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { isTerminal } from "../../core/domain/job.ts";
import { webhookSecret, webhookSignature } from "../../core/domain/webhook-signature.ts";
import { webhookUrlOf } from "../../core/engine/api-generations.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { Clock } from "../../core/ports/clock.ts";
import { createMemoryWebhookOutbox } from "../../core/engine/memory-webhook-outbox.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";
import type { WebhookDelivery, WebhookOutbox } from "../../core/ports/webhook-outbox.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { Store } from "../../core/ports/store.ts";
import { generationJson } from "./api-bodies.ts";
import { postWebhook } from "./post-webhook.ts";
import { webhookUrlProblem } from "./webhook-url.ts";

export interface WebhookNotifierOptions {
  store: Store;
  storage: ObjectStorage;
  logger: Logger;
  clock: Clock;
  /** PIXORLY_ENCRYPTION_KEY when set; mountApi must be given the same value. */
  serverKey: string | null;
  /** Test seam, as mountApi's webhookAllowHosts. */
  allowHosts?: readonly string[];
  /** Waits between attempts: one attempt more than there are entries. */
  backoffMs?: readonly number[];
  timeoutMs?: number;
  /** Where delivery state lives; default the store's (Convex), else this process's memory. */
  outbox?: WebhookOutbox;
  /** This process in the outbox's leases; default a fresh random id. */
  processId?: string;
}

export interface WebhookNotifier extends Notifier {
  /**
   * Resumes deliveries whose retry is due and whose process stopped (crashed, restarted,
   * scaled down): with a Convex store any replica finishes another's. Returns how many it tried.
   */
  resumeDue(): Promise<number>;
}

/** Bounded so a dead receiver holds a job's delivery chain (and a shutdown) for at most ~30 s. */
export const WEBHOOK_DEFAULTS = { backoffMs: [2_000, 10_000], timeoutMs: 5_000 } as const;

/** How often a process looks for deliveries another process left behind (start-product.ts). */
export const WEBHOOK_RESUME_MS = 30_000;

/**
 * The Notifier for jobs submitted through the REST API with a webhookUrl: when the job ends
 * (completed, failed, cancelled) it POSTs the generation, signed with the submitting key's
 * webhook secret. Earlier states are not sent. Each event is opened once in the webhook outbox
 * (the store's when it has one, Convex: shared by replicas and durable; else this process's
 * memory), which holds its attempts and lease, so a retry survives a restart and resumeDue on any
 * process finishes it. Delivery can still repeat (a receiver that got a POST but whose answer
 * was lost), so receivers deduplicate on the event id.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): WebhookNotifier {
  const log = options.logger.child({ component: "webhooks" });
  const allowHosts = new Set(options.allowHosts ?? []);
  const backoffMs = options.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  const outbox = options.outbox ?? options.store.webhookOutbox ?? createMemoryWebhookOutbox();
  const processId = options.processId ?? `webhooks-${randomUUID()}`;
  // Covers one attempt; between attempts settle() keeps the lease until the retry is due.
  const leaseMs = timeoutMs + 5_000;

  /** Attempts until delivered, refused or out of retries, holding the delivery's lease throughout. */
  async function attempt(delivery: WebhookDelivery): Promise<void> {
    const key = (await options.store.apiKeys.list(delivery.workspaceId)).find((k) => k.id === delivery.keyId);
    if (!key) {
      await outbox.settle(delivery.eventId, processId, { kind: "failed", error: "the submitting API key is gone" }, options.clock.now(), leaseMs);
      return log.warn({ jobId: delivery.jobId, keyId: delivery.keyId }, "webhook not sent: the submitting API key is gone");
    }
    const secret = webhookSecret(key.keyHash, options.serverKey);
    const url = new URL(delivery.url);
    for (let made = delivery.attempts; ; made++) {
      // Signed afresh each attempt: receivers judge the timestamp's age.
      const signature = webhookSignature(secret, Math.floor(options.clock.now() / 1000), delivery.body);
      const headers = { "pixorly-signature": signature, "pixorly-event-id": delivery.eventId };
      const outcome = await postWebhook(url, delivery.body, headers, { timeoutMs, trusted: allowHosts.has(url.host) });
      const now = options.clock.now();
      if (outcome.ok) return void (await outbox.settle(delivery.eventId, processId, { kind: "delivered" }, now, leaseMs));
      const wait = backoffMs[made];
      if (!outcome.retryable || wait === undefined) {
        await outbox.settle(delivery.eventId, processId, { kind: "failed", error: outcome.reason }, now, leaseMs);
        return log.warn({ jobId: delivery.jobId, host: url.host, attempts: made + 1, reason: outcome.reason }, "webhook delivery gave up");
      }
      // Recorded before waiting: if this process stops now, another resumes at the same time.
      const kept = await outbox.settle(delivery.eventId, processId, { kind: "retry", at: now + wait, error: outcome.reason }, now, leaseMs);
      if (!kept) return;
      await sleep(wait);
    }
  }

  return {
    platform: "api",
    async deliver(view: JobView) {
      const { job } = view;
      const webhookUrl = webhookUrlOf(job);
      if (!isTerminal(job.status) || !webhookUrl) return;
      const problem = webhookUrlProblem(webhookUrl, allowHosts);
      if (problem) return log.warn({ jobId: job.id, problem }, "webhook not sent");
      const keyId = job.replyTarget?.keyId;
      const key = (await options.store.apiKeys.list(job.workspaceId)).find((k) => k.id === keyId);
      if (!key) return log.warn({ jobId: job.id, keyId }, "webhook not sent: the submitting API key is gone");

      const eventId = `${job.id}.${job.status}`;
      const body = JSON.stringify({
        id: eventId,
        type: `generation.${job.status}`,
        createdAt: new Date(options.clock.now()).toISOString(),
        generation: generationJson(view, options.storage),
      });
      // Null: this event is already being (or was) delivered, by this process or another.
      const opened = await outbox.open({ eventId, jobId: job.id, workspaceId: job.workspaceId, keyId: key.id, url: webhookUrl, body }, processId, options.clock.now(), leaseMs);
      if (opened) await attempt(opened);
    },
    async resumeDue() {
      let tried = 0;
      for (let due; (due = await outbox.claimDue(processId, options.clock.now(), leaseMs)); tried++) await attempt(due);
      return tried;
    },
  };
}
