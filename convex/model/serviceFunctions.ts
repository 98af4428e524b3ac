import { v, type GenericValidator, type Infer, type ObjectType, type PropertyValidators } from "convex/values";
import { query, type MutationCtx, type QueryCtx } from "../_generated/server.js";
import { mutation } from "./actorRevision.ts";
import { requireServiceSecret } from "./secret.ts";

/**
 * The one way to make a function public. The bots call Convex with a service secret (Convex's
 * "Service Authentication" pattern) instead of a deploy key; the secret is checked before the
 * handler runs, so no public function can read or write anything without it. Everything the
 * bots do not call is an internal function. `returns` is checked by Convex on every call, so
 * what crosses the wire is exactly what the validator says.
 */
const secretArg = { secret: v.string() };

export function serviceQuery<Args extends PropertyValidators, Returns extends GenericValidator>(definition: {
  args: Args;
  returns: Returns;
  handler: (ctx: QueryCtx, args: ObjectType<Args>) => Promise<Infer<Returns>>;
}) {
  return query({
    args: { ...definition.args, ...secretArg },
    returns: definition.returns,
    handler: async (ctx, { secret, ...args }): Promise<Infer<Returns>> => {
      await requireServiceSecret(secret);
      return definition.handler(ctx, args as ObjectType<Args>);
    },
  });
}

export function serviceMutation<Args extends PropertyValidators, Returns extends GenericValidator>(definition: {
  args: Args;
  returns: Returns;
  handler: (ctx: MutationCtx, args: ObjectType<Args>) => Promise<Infer<Returns>>;
}) {
  return mutation({
    args: { ...definition.args, ...secretArg },
    returns: definition.returns,
    handler: async (ctx, { secret, ...args }): Promise<Infer<Returns>> => {
      await requireServiceSecret(secret);
      return definition.handler(ctx, args as ObjectType<Args>);
    },
  });
}
