import { newId } from "../domain/ids.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { LINK_CODE_TTL_MS, linkRejections, unlinkSplit } from "../domain/rules/link.ts";
import type { Workspace } from "../domain/workspace.ts";
import type { WorkspaceLink } from "../domain/workspace-link.ts";
import type { Store } from "../ports/store.ts";
import type { Actor } from "./actor.ts";
import { engineOptions, type Engine } from "./engine.ts";
import { formatLinkCode, hashLinkCode, newLinkCode, normalizeLinkCode } from "./link-code.ts";

/** A link as replies describe it: both workspaces, the pool and what each side would keep now. */
export interface LinkState {
  link: WorkspaceLink;
  owner: Workspace;
  joiner: Workspace;
  /** Which side the asking workspace is. */
  side: "owner" | "joiner";
  /** The pool's balance (the owner's), when this was read. */
  poolBalance: number;
  /** For a live link, what unlinking now would leave each side; for an ended one, what each kept. */
  split: { ownerKeeps: number; joinerKeeps: number };
}

export interface IssuedCode {
  /** Formatted ("ABCDE-FGHJK"); shown once to the admin who asked, never stored. */
  code: string;
  expiresAt: number;
}

const adminsOnly = () => reject("FORBIDDEN", "Only workspace admins can link or unlink workspaces.");

/** A new one-time code for the asking admin's workspace, which becomes the pool owner if it is redeemed. */
export async function issueLinkCode(engine: Engine, actor: Actor): Promise<Result<IssuedCode, Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  const { store, clock } = engineOptions(engine);
  const code = newLinkCode();
  const now = clock.now();
  const expiresAt = now + LINK_CODE_TTL_MS;
  const stored = await store.links.createCode({ codeHash: hashLinkCode(code), workspaceId: resolved.workspace.id, expiresAt, now });
  return stored.ok ? ok({ code: formatLinkCode(code), expiresAt }) : stored;
}

/** The asking admin's workspace joins the pool of the workspace that issued `typed`. */
export async function redeemLinkCode(engine: Engine, actor: Actor, typed: string): Promise<Result<LinkState, Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  const code = normalizeLinkCode(typed);
  if (!code) return err(linkRejections.unknownCode());
  const { store, clock } = engineOptions(engine);
  const now = clock.now();
  const linked = await store.links.redeem({ codeHash: hashLinkCode(code), workspaceId: resolved.workspace.id, linkId: newId("lnk", now), now });
  if (!linked.ok) return linked;
  return ok(await describeLink(store, linked.value, resolved.workspace.id));
}

/** The asking workspace's link, or null when it shares no pool. Members may ask: /credits shows the same. */
export async function linkStatus(engine: Engine, actor: Actor): Promise<LinkState | null> {
  const resolved = await engine.resolve(actor);
  const { store } = engineOptions(engine);
  const link = await store.links.active(resolved.workspace.id);
  return link ? describeLink(store, link, resolved.workspace.id) : null;
}

/** Ends the asking admin's link (either side); the answer says what each side kept. */
export async function unlinkWorkspace(engine: Engine, actor: Actor): Promise<Result<LinkState, Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  const { store, clock } = engineOptions(engine);
  const ended = await store.links.unlink({ workspaceId: resolved.workspace.id, now: clock.now() });
  return ended.ok ? ok(await describeLink(store, ended.value, resolved.workspace.id)) : ended;
}

/** Reads both sides of `link` for a reply; `asking` is the workspace the reply goes to. */
export async function describeLink(store: Store, link: WorkspaceLink, asking: string): Promise<LinkState> {
  const [owner, joiner] = await Promise.all([store.workspaces.get(link.ownerWorkspaceId), store.workspaces.get(link.joinerWorkspaceId)]);
  if (!owner || !joiner) throw new Error(`link ${link.id} names a workspace that does not exist`);
  const ended = link.unlinkedAt !== null;
  const split = ended ? { ownerKeeps: link.ownerKept ?? 0, joinerKeeps: link.joinerKept ?? 0 } : unlinkSplit(link, owner.balance);
  return { link, owner, joiner, side: asking === owner.id ? "owner" : "joiner", poolBalance: owner.balance, split };
}
