/**
 * Where a provider reports problems only the operator can fix (a rejected key, an empty
 * account). A pino logger fits; the job's own failure is still reported to the engine.
 */
export interface ProviderLog {
  error(fields: Record<string, unknown>, message: string): void;
}
