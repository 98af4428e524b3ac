import { v, type ObjectType, type PropertyValidators } from "convex/values";
import { mutation, query, type MutationCtx, type QueryCtx } from "../_generated/server.js";
import { requireServiceSecret } from "./secret.ts";

/**
 * The one way to make a function public. The bots call Convex with a service secret (Convex's
 * "Service Authentication" pattern) instead of a deploy key; the secret is checked before the
 * handler runs, so no public function can read or write anything without it. Everything the
 * bots do not call is an internal function.
 */
const secretArg = { secret: v.string() };

export function serviceQuery<Args extends PropertyValidators, Output>(definition: {
  args: Args;
  handler: (ctx: QueryCtx, args: ObjectType<Args>) => Promise<Output>;
}) {
  return query({
    args: { ...definition.args, ...secretArg },
    handler: async (ctx, { secret, ...args }): Promise<Output> => {
      await requireServiceSecret(secret);
      return definition.handler(ctx, args as ObjectType<Args>);
    },
  });
}

export function serviceMutation<Args extends PropertyValidators, Output>(definition: {
  args: Args;
  handler: (ctx: MutationCtx, args: ObjectType<Args>) => Promise<Output>;
}) {
  return mutation({
    args: { ...definition.args, ...secretArg },
    handler: async (ctx, { secret, ...args }): Promise<Output> => {
      await requireServiceSecret(secret);
      return definition.handler(ctx, args as ObjectType<Args>);
    },
  });
}
