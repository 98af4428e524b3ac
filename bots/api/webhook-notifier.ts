import { setTimeout as sleep } from "node:timers/promises";
import { isTerminal } from "../../core/domain/job.ts";
import { webhookSecret, webhookSignature } from "../../core/domain/webhook-signature.ts";
import { webhookUrlOf } from "../../core/engine/api-generations.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";
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
}

/** Bounded so a dead receiver holds a job's delivery chain (and a shutdown) for at most ~30 s. */
export const WEBHOOK_DEFAULTS = { backoffMs: [2_000, 10_000], timeoutMs: 5_000 } as const;

/**
 * The Notifier for jobs submitted through the REST API with a webhookUrl: when the job ends
 * (completed, failed, cancelled) it POSTs the generation, signed with the submitting key's
 * webhook secret. Earlier states are not sent. Delivery can repeat (any process may deliver any
 * job), so receivers deduplicate on the event id.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const log = options.logger.child({ component: "webhooks" });
  const allowHosts = new Set(options.allowHosts ?? []);
  const backoffMs = options.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;

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
      const secret = webhookSecret(key.keyHash, options.serverKey);
      const url = new URL(webhookUrl);
      for (let attempt = 0; ; attempt++) {
        // Signed afresh each attempt: receivers judge the timestamp's age.
        const signature = webhookSignature(secret, Math.floor(options.clock.now() / 1000), body);
        const outcome = await postWebhook(url, body, { "pixorly-signature": signature, "pixorly-event-id": eventId }, { timeoutMs, trusted: allowHosts.has(url.host) });
        if (outcome.ok) return;
        const wait = backoffMs[attempt];
        if (!outcome.retryable || wait === undefined) {
          return log.warn({ jobId: job.id, host: url.host, attempts: attempt + 1, reason: outcome.reason }, "webhook delivery gave up");
        }
        await sleep(wait);
      }
    },
  };
}
