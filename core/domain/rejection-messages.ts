import type { Job } from "./job.ts";
import { reject, type Rejection } from "./rejections.ts";

/**
 * Store rejections, worded for the person who typed the command; shared by the SQLite adapter
 * and the Convex functions so both stores say the same thing.
 */
export const rejections = {
  unknownWorkspace: (): Rejection => reject("NOT_FOUND", "This workspace is not set up yet. Try the command again."),
  unknownMember: (): Rejection => reject("NOT_FOUND", "You are not a member of this workspace yet. Try the command again."),
  banned: (): Rejection => reject("BANNED", "An admin has blocked you from generating images in this workspace."),
  insufficientCredits: (balance: number, price: number): Rejection =>
    reject(
      "INSUFFICIENT_CREDITS",
      `Not enough credits: this costs ${price} and the workspace has ${balance}. An admin can check /credits.`,
      { balance, price },
    ),
  overdraft: (balance: number, amount: number): Rejection =>
    reject(
      "INSUFFICIENT_CREDITS",
      `Not enough credits: this takes ${-amount} and the workspace has ${balance}. An admin can check /credits.`,
      { balance, amount },
    ),
  dailyCap: (cap: number, spent: number, price: number): Rejection =>
    reject(
      "DAILY_CAP",
      `Daily limit reached: you have used ${spent} of your ${cap} credits today and this costs ${price}. The limit resets at midnight UTC.`,
      { cap, spent, price },
    ),
  queueFull: (max: number): Rejection =>
    reject(
      "QUEUE_FULL",
      `You already have ${max} ${max === 1 ? "request" : "requests"} waiting. Try again when one of them has started.`,
      { max },
    ),
  storageFull: (used: number, quota: number): Rejection =>
    reject("STORAGE_FULL", "This workspace has used all of its image storage. An admin can delete images or upgrade the plan.", { used, quota }),
  noRoomForInput: (used: number, quota: number, needed: number): Rejection =>
    reject(
      "STORAGE_FULL",
      "This workspace's image storage has no room left for the image to start from (Pixorly keeps a copy of it with the job). An admin can delete images or upgrade the plan. Nothing was charged.",
      { used, quota, needed },
    ),
  /** Never shown: the engine resolves the actor again and resubmits (NewJob.actorRevision). */
  actorChanged: (): Rejection => reject("ACTOR_CHANGED", "Your workspace's settings changed while this request was on its way. Try the command again."),
  unknownJob: (): Rejection => reject("NOT_FOUND", "That job does not exist."),
  notCancellable: (status: Job["status"]): Rejection =>
    reject("NOT_CANCELLABLE", `This job can no longer be cancelled: it is already ${status}.`, { status }),
};
