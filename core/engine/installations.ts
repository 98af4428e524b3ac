import type { TokenCipher } from "../domain/token-cipher.ts";
import type { Installation, InstallationKey, InstallationStore } from "../ports/installation-store.ts";
import { engineOptions, type Engine } from "./engine.ts";

/** An installation as a front end hands it over and gets it back: the bot token in the clear. */
export interface InstalledBot extends Omit<Installation, "encryptedBotToken" | "workspaceId" | "createdAt" | "updatedAt"> {
  botToken: string;
}

export interface NewInstallation extends InstalledBot {
  /** Names the workspace when the install is the first Pixorly hears of the team. */
  teamName: string | null;
}

/** What the sealed token is bound to: it opens only on the row it was written for. */
const contextOf = (key: InstallationKey) => `${key.platform}:${key.enterpriseId ?? "-"}/${key.teamId ?? "-"}`;

/**
 * OAuth installations for front ends that serve many workspaces (Slack). Tokens are sealed
 * here, before any store sees them; a (re)install also (re)activates the workspace, and an
 * uninstall deactivates it, keeping its data.
 */
export class Installations {
  private readonly engine: Engine;
  private readonly store: InstallationStore;
  private readonly cipher: TokenCipher;

  constructor(
    engine: Engine,
    store: InstallationStore,
    cipher: TokenCipher,
  ) {
    this.engine = engine;
    this.store = store;
    this.cipher = cipher;
  }

  async save(input: NewInstallation): Promise<void> {
    const { store: data, clock, defaultPlan } = engineOptions(this.engine);
    const now = clock.now();
    let workspaceId: string | null = null;
    if (input.teamId) {
      const workspace = await data.workspaces.ensure({
        platform: input.platform,
        externalId: input.teamId,
        name: input.teamName ?? `${input.platform} workspace ${input.teamId}`,
        plan: defaultPlan,
        now,
      });
      if (!workspace.active) await data.workspaces.setActive(workspace.id, true, now);
      workspaceId = workspace.id;
    }
    const { botToken, teamName: _teamName, ...fields } = input;
    await this.store.save({
      ...fields,
      workspaceId,
      encryptedBotToken: this.cipher.seal(botToken, contextOf(input)),
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Null when the team (or its enterprise) has no installation. */
  async find(query: InstallationKey): Promise<InstalledBot | null> {
    const found = await this.store.find(query);
    if (!found) return null;
    const { encryptedBotToken, workspaceId: _workspaceId, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = found;
    return { ...fields, botToken: this.cipher.open(encryptedBotToken, contextOf(found)) };
  }

  /** Uninstalled or token revoked: forget the token and stop accepting work from the team. */
  async remove(key: InstallationKey): Promise<void> {
    await this.store.delete(key);
    if (key.teamId) await this.engine.deactivateWorkspace(key.platform, key.teamId);
  }
}
