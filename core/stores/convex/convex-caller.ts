import { getFunctionName, type FunctionArgs, type FunctionReference, type FunctionReturnType } from "convex/server";
import { ConvexError } from "convex/values";
import { CodedError } from "../../domain/errors.ts";

/**
 * What the store needs from a Convex client. ConvexHttpClient satisfies it; a convex-test
 * instance is call-compatible but not type-compatible, so tests cast it once.
 */
export interface ConvexClientLike {
  query(ref: FunctionReference<"query">, args: Record<string, unknown>): Promise<unknown>;
  mutation(ref: FunctionReference<"mutation">, args: Record<string, unknown>, options?: { skipQueue: boolean }): Promise<unknown>;
}

type WithoutSecret<F extends FunctionReference<"query" | "mutation">> = Omit<FunctionArgs<F>, "secret">;

/** Typed calls to the service functions, with the secret added to every call. */
export interface ServiceCaller {
  query<F extends FunctionReference<"query">>(ref: F, args: WithoutSecret<F>): Promise<FunctionReturnType<F>>;
  mutation<F extends FunctionReference<"mutation">>(ref: F, args: WithoutSecret<F>): Promise<FunctionReturnType<F>>;
}

/**
 * Mutations skip ConvexHttpClient's queue: each store call is its own transaction and the
 * engine runs independent ones concurrently. Failures become CodedErrors at this boundary,
 * keeping a ConvexError's own code (UNAUTHORIZED for a wrong secret).
 */
export function serviceCaller(client: ConvexClientLike, secret: string): ServiceCaller {
  const wrap = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const data = error instanceof ConvexError ? (error.data as { code?: unknown; message?: unknown }) : undefined;
      const code = typeof data?.code === "string" ? data.code : "CONVEX_CALL_FAILED";
      const message = typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : String(error);
      throw new CodedError(code, `Convex ${name}: ${message}`, { cause: error, fields: { function: name } });
    }
  };
  // The generated references' return types describe what the client resolves with.
  return {
    query: (ref, args) => wrap(getFunctionName(ref), () => client.query(ref, { ...args, secret }) as Promise<FunctionReturnType<typeof ref>>),
    mutation: (ref, args) =>
      wrap(getFunctionName(ref), () => client.mutation(ref, { ...args, secret }, { skipQueue: true }) as Promise<FunctionReturnType<typeof ref>>),
  };
}
