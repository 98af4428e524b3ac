import type { Engine } from "../../core/engine/engine.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";

/** What the route handlers use; the router's own needs are in RouterDeps. */
export interface RouteDeps {
  engine: Engine;
  storage: ObjectStorage;
  /** The product's base URL; known only after listen when PORT is 0, hence a function. */
  publicUrl: () => string;
  /** PIXORLY_ENCRYPTION_KEY when set: webhook secrets derive from it (core/domain/webhook-signature.ts). */
  webhookServerKey: string | null;
  /** Test seam, see webhookUrlProblem. */
  webhookAllowHosts: ReadonlySet<string>;
}
