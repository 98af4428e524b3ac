import { effectiveDailyCap } from "../domain/credits.ts";
import type { DescribeModel } from "../domain/describe-models.ts";
import { DESCRIBE_SUGGESTIONS } from "../domain/describe-suggestions.ts";
import { newId } from "../domain/ids.ts";
import type { InputImageSource } from "../domain/input-image.ts";
import type { JobSource } from "../domain/job.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { decideOneOffCharge, type OneOffCharge } from "../domain/rules/one-off-charge.ts";
import { spendableBalance } from "./spendable-balance.ts";
import { utcDay } from "../domain/usage.ts";
import type { DescribeOutput } from "../ports/image-describer.ts";
import { ProviderError } from "../ports/image-provider.ts";
import type { Actor, ResolvedActor } from "./actor.ts";
import type { DescribeFlights } from "./describe-flights.ts";
import type { EngineOptions } from "./engine-options.ts";
import { loadInputImage } from "./load-input-image.ts";
import { resolveActor } from "./resolve-actor.ts";

export interface DescribeRequest {
  actor: Actor;
  image: InputImageSource;
  /** A describe model id; default: the catalog's default describe model. */
  model?: string;
  /** The platform event behind the request (interaction id, trigger id); the charge is booked once per key. */
  idempotencyKey: string | null;
  source: JobSource;
  /** Platform-qualified channel; the workspace's allowed channels apply as to /imagine. */
  channelKey?: string | null;
}

export interface Described {
  /** 1 to DESCRIBE_SUGGESTIONS prompts, cleaned (core/domain/describe-suggestions.ts). */
  suggestions: string[];
  /** Credits charged for this description (once, however often the request was delivered). */
  price: number;
  model: DescribeModel;
  /** A repeated delivery: the first one's answer, nothing charged again. */
  duplicate: boolean;
  /** Balance right after the charge. */
  balanceAfter: number;
}

/** Said after every refusal: nothing a refused /describe did costs anything. */
const NOTHING_CHARGED = "Nothing was charged.";

/**
 * /describe: an image in, a few prompt suggestions out, paid once.
 *
 * Order: refusals that need no model (inactive workspace, channel, unknown model, ban, balance,
 * daily cap: the same rule the store applies, run on what was just read), then the image
 * (loadInputImage), then the model, then the charge (credits.chargeOnce, deduped by the
 * platform event). A model failure or an unusable answer is a DESCRIBE_FAILED refusal and
 * books nothing.
 *
 * Crash window, chosen on purpose: the model is paid by us before the charge is booked, so a
 * crash between the model's answer and the booking gives that one description away for free
 * (the person saw nothing, the redelivery, if any, calls the model again and is charged once).
 * The other order (charge first, refund on failure) would instead charge people for answers
 * they never got until a refund ran. If balance or cap ran out between the check and the
 * booking (another request spent it meanwhile), the store refuses and the suggestions are
 * dropped: an answer is shown only when it is paid.
 */
export async function describeImage(
  options: EngineOptions,
  flights: DescribeFlights<Result<Described, Rejection>>,
  request: DescribeRequest,
): Promise<Result<Described, Rejection>> {
  const now = options.clock.now();
  const resolved = await resolveActor(options.store, options, request.actor, now);
  const key = `describe:${resolved.workspace.id}:${request.source}:${request.idempotencyKey ?? newId("dsc", now)}`;
  const flight = flights.run(key, () => describeOnce(options, resolved, request, key));
  let result: Result<Described, Rejection>;
  try {
    result = await flight.promise;
  } catch (error) {
    // A store outage is not an answer to share with the next delivery.
    flights.forget(key);
    throw error;
  }
  // A refusal is not remembered: the person may top up or fix the image and press again.
  if (!result.ok) flights.forget(key);
  if (flight.shared && result.ok) return ok({ ...result.value, duplicate: true });
  return result;
}

async function describeOnce(
  options: EngineOptions,
  resolved: ResolvedActor,
  request: DescribeRequest,
  dedupeKey: string,
): Promise<Result<Described, Rejection>> {
  const { workspace, member, user } = resolved;
  const refuse = (rejection: Rejection) => err(withNothingCharged(rejection));
  if (!workspace.active) return refuse(reject("WORKSPACE_INACTIVE", "Pixorly is not active in this workspace. Ask an admin to reinstall it."));
  const channels = workspace.settings.allowedChannels;
  if (request.channelKey && channels.length && !channels.includes(request.channelKey)) {
    return refuse(reject("CHANNEL_NOT_ALLOWED", "Pixorly is not enabled in this channel. Ask an admin which channels allow it."));
  }
  const model = options.catalog.describeModel(request.model);
  const describer = model ? options.describers?.get(model.provider) : undefined;
  if (!model || !describer) return refuse(unknownModel(options, request.model));

  const charge: OneOffCharge = {
    workspaceId: workspace.id,
    userId: user.id,
    memberId: member.id,
    price: model.credits,
    reason: `describe with ${model.id}`,
    dedupeKey,
    dailyCap: effectiveDailyCap(workspace.settings.memberDailyCap, member.dailyCapOverride),
    providerCostUsd: null,
    now: options.clock.now(),
  };
  const spent = await options.store.usage.spentOn(workspace.id, user.id, utcDay(charge.now));
  const precheck = decideOneOffCharge(
    // A workspace that joined a credit pool spends from the pool (#19).
    { existing: null, workspace: { balance: await spendableBalance(options.store, workspace) }, member, today: { creditsCharged: spent, creditsRefunded: 0 } },
    charge,
  );
  if (!precheck.ok) return refuse(precheck.error);

  const image = await loadInputImage(options, resolved, request.image);
  if (!image.ok) return refuse(image.error);

  const started = options.clock.now();
  let output: DescribeOutput;
  try {
    const signal = AbortSignal.timeout(options.providerTimeoutMs);
    output = await describer.describe({ image: image.value, model, count: DESCRIBE_SUGGESTIONS, signal });
  } catch (error) {
    const known = error instanceof ProviderError;
    options.logger.warn(
      { model: model.id, code: known ? error.code : "UNEXPECTED", ms: options.clock.now() - started, err: known ? undefined : error },
      known ? `describe failed: ${error.message}` : "describe failed unexpectedly",
    );
    const why = known ? error.userMessage : "The vision service failed unexpectedly.";
    return refuse(reject("DESCRIBE_FAILED", `Pixorly could not describe that image: ${why}`, { model: model.id }));
  }

  const { suggestions, costUsd } = output;
  const booked = await options.store.credits.chargeOnce({ ...charge, providerCostUsd: costUsd, now: options.clock.now() });
  if (!booked.ok) return refuse(booked.error);
  options.logger.info({ model: model.id, suggestions: suggestions.length, ms: options.clock.now() - started, duplicate: booked.value.duplicate }, "described an image");
  return ok({ suggestions, price: model.credits, model, duplicate: booked.value.duplicate, balanceAfter: booked.value.entry.balanceAfter });
}

function unknownModel(options: EngineOptions, asked: string | undefined): Rejection {
  const usable = options.catalog.describeModels.filter((m) => options.describers?.has(m.provider)).map((m) => m.id);
  if (usable.length === 0) return reject("UNKNOWN_MODEL", "/describe is not set up on this server (no vision model is configured).");
  return reject("UNKNOWN_MODEL", `Unknown describe model "${asked ?? ""}". Available: ${usable.join(", ")}.`, { available: usable });
}

function withNothingCharged(rejection: Rejection): Rejection {
  return rejection.message.includes(NOTHING_CHARGED) ? rejection : { ...rejection, message: `${rejection.message} ${NOTHING_CHARGED}` };
}
