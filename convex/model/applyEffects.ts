import { imagesOfCompletion } from "../../core/domain/image.ts";
import type { Effect } from "../../core/domain/rules/effects.ts";
import { unhandledEffect } from "../../core/domain/rules/effects.ts";
import type { MutationCtx } from "../_generated/server.js";
import { addLink, ensureChannelCollection } from "./collections.ts";
import { appendEntry } from "./ledger.ts";
import { byAppId } from "./lookup.ts";
import { outboxRow } from "./outbox.ts";
import { enqueueNew, moveJob } from "./queue.ts";
import { nextSeq } from "./ready-queues.ts";
import { bumpUsage } from "./usage.ts";

export interface ApplyOptions {
  /** Used only if a fileInChannel effect creates the channel's collection (mutations draw no randomness of their own). */
  channelShareToken?: string;
}

/**
 * Writes what a rule decided (core/domain/rules) inside the calling mutation, in list order.
 * Nothing here decides: a refused booking, a missing row or an illegal move means the rule and
 * the snapshot disagree, which throws and rolls the whole mutation back.
 */
export async function applyEffects(ctx: MutationCtx, effects: readonly Effect[], options: ApplyOptions = {}): Promise<void> {
  for (const effect of effects) await applyEffect(ctx, effect, options);
}

async function applyEffect(ctx: MutationCtx, effect: Effect, options: ApplyOptions): Promise<void> {
  switch (effect.type) {
    case "book": {
      const { type: _type, workspaceId, ...entry } = effect;
      const workspace = await byAppId(ctx, "workspaces", workspaceId);
      if (!workspace) throw new Error(`workspace ${workspaceId} is gone`);
      const booked = await appendEntry(ctx, workspace, entry);
      if (!booked.ok) throw new Error(`ledger refused ${effect.dedupeKey ?? effect.kind}: ${booked.error.message}`);
      return;
    }
    case "usage":
      return bumpUsage(ctx, effect.workspaceId, effect.userId, effect.date, effect.delta);
    case "insertJob": {
      const { id, now, price, replyTarget, ...fields } = effect.job;
      const member = await byAppId(ctx, "members", effect.job.memberId);
      if (!member) throw new Error(`member ${effect.job.memberId} is gone`);
      const seq = await nextSeq(ctx, effect.job.workspaceId);
      const docId = await ctx.db.insert("generationJobs", {
        ...fields,
        appId: id,
        seq,
        status: "pending",
        creditsCharged: price,
        creditsRefunded: 0,
        attempts: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        nextRunAt: now,
        errorCode: null,
        errorMessage: null,
        replyTarget,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        providerMs: null,
        uploadMs: null,
        providerCostUsd: null,
      });
      await enqueueNew(ctx, (await ctx.db.get(docId))!, member);
      return;
    }
    case "moveJob": {
      const job = await byAppId(ctx, "generationJobs", effect.jobId);
      if (!job || job.status !== effect.from) throw new Error(`job ${effect.jobId} is no longer ${effect.from}`);
      await moveJob(ctx, job, effect.to, effect.patch);
      return;
    }
    case "insertImages": {
      for (const { id, ...fields } of imagesOfCompletion(effect.job, effect.images, effect.now)) {
        await ctx.db.insert("images", { ...fields, appId: id });
      }
      return;
    }
    case "storage": {
      const workspace = await byAppId(ctx, "workspaces", effect.workspaceId);
      if (workspace) {
        await ctx.db.patch(workspace._id, { storageUsedBytes: Math.max(0, workspace.storageUsedBytes + effect.bytes), updatedAt: effect.now });
      }
      const user = await byAppId(ctx, "users", effect.userId);
      if (user) await ctx.db.patch(user._id, { storageUsedBytes: Math.max(0, user.storageUsedBytes + effect.bytes) });
      return;
    }
    case "clearInputImage": {
      const job = await byAppId(ctx, "generationJobs", effect.jobId);
      if (job) await ctx.db.patch(job._id, { inputImageKey: null });
      return;
    }
    case "fileInChannel": {
      const { workspaceId, channelKey, now } = effect;
      if (options.channelShareToken === undefined) throw new Error("fileInChannel needs a channel share token");
      const collection = await ensureChannelCollection(ctx, { workspaceId, channelKey, name: channelKey, shareToken: options.channelShareToken, now });
      for (const imageId of effect.imageIds) {
        const image = await byAppId(ctx, "images", imageId);
        if (image) await addLink(ctx, collection, image, effect.addedBy, now);
      }
      return;
    }
    case "recordRefill":
      await ctx.db.insert("refills", { workspaceId: effect.workspaceId, period: effect.period, amount: effect.amount, createdAt: effect.now });
      return;
    case "queueDelivery":
      // One ending per job, as SQLite's primary key enforces: a second row means the rule and the snapshot disagree.
      if (await outboxRow(ctx, effect.jobId)) throw new Error(`job ${effect.jobId} already has a delivery queued`);
      await ctx.db.insert("deliveryOutbox", {
        jobId: effect.jobId,
        platform: effect.platform,
        createdAt: effect.now,
        availableAt: effect.availableAt,
        leaseOwner: null,
        deliveredAt: null,
      });
      return;
    case "useLinkCode": {
      const code = await ctx.db
        .query("linkCodes")
        .withIndex("by_code_hash", (q) => q.eq("codeHash", effect.codeHash))
        .unique();
      if (!code || code.usedAt !== null) throw new Error("link code is gone or already used");
      await ctx.db.patch(code._id, { usedAt: effect.now, linkId: effect.linkId });
      return;
    }
    case "insertLink": {
      const { id, ...fields } = effect.link;
      await ctx.db.insert("workspaceLinks", { appId: id, ...fields });
      return;
    }
    case "endLink": {
      const link = await ctx.db
        .query("workspaceLinks")
        .withIndex("by_app_id", (q) => q.eq("appId", effect.linkId))
        .unique();
      if (!link || link.unlinkedAt !== null) throw new Error(`link ${effect.linkId} is no longer active`);
      await ctx.db.patch(link._id, { unlinkedAt: effect.now, ownerKept: effect.ownerKept, joinerKept: effect.joinerKept });
      return;
    }
    default:
      return unhandledEffect(effect);
  }
}
