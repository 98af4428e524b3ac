import type { Platform } from "../domain/workspace.ts";

/** Which installation: a team's own, or (teamId null) an enterprise's org-wide one. */
export interface InstallationKey {
  platform: Platform;
  teamId: string | null;
  enterpriseId: string | null;
}

/**
 * The id an installation is stored under, "<platform>/<enterprise id or ->/<team id or ->"
 * (transfer records carry it as `id`): a reinstall lands on the same one.
 */
export const installationKey = (key: InstallationKey): string => `${key.platform}/${key.enterpriseId ?? "-"}/${key.teamId ?? "-"}`;

/**
 * A platform app installed through OAuth (Slack's "Add to Slack"). Written when an install
 * completes (core/engine/installations.ts), read on every event from that team to find its bot
 * token, deleted on uninstall or token revocation.
 */
export interface Installation extends InstallationKey {
  /** The Pixorly workspace the team bills to; null for an org-wide install (each team resolves its own). */
  workspaceId: string | null;
  appId: string | null;
  botUserId: string | null;
  botId: string | null;
  botScopes: string[];
  /** Sealed by core/domain/token-cipher.ts before it reaches a store; adapters never see the token. */
  encryptedBotToken: string;
  /** The platform user who installed the app. */
  installedByUserId: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Where installations live. Each method is atomic on its own. Adapters: core/stores/sqlite
 * and core/stores/convex (installation-store.ts). Times are the caller's clock.
 */
export interface InstallationStore {
  /**
   * Inserts, or replaces the installation with the same key (a reinstall brings a new token);
   * a replaced installation keeps its createdAt.
   */
  save(installation: Installation): Promise<void>;
  /**
   * The team's own installation; failing that, when `enterpriseId` is given, the enterprise's
   * org-wide one. Null when there is neither.
   */
  find(query: InstallationKey): Promise<Installation | null>;
  /** Deletes the installation with exactly this key; false when there was none. */
  delete(key: InstallationKey): Promise<boolean>;
  /** Releases the connection. Idempotent. */
  close(): Promise<void>;
}
