import { CodedError } from "../../core/domain/errors.ts";
import type { Member, Platform, Workspace } from "../../core/domain/workspace.ts";
import type { Store } from "../../core/ports/store.ts";

const split = (ref: string) => {
  const at = ref.indexOf(":");
  return { platform: ref.slice(0, at) as Platform, externalId: ref.slice(at + 1) };
};

/** A workspace by id or by platform:external id (arg-schemas.ts workspaceRef). */
export async function findWorkspace(store: Store, ref: string): Promise<Workspace> {
  const { platform, externalId } = split(ref);
  const found = ref.startsWith("ws_") ? await store.workspaces.get(ref) : await store.workspaces.findByExternal(platform, externalId);
  if (!found) throw new CodedError("NOT_FOUND", `No workspace ${ref}. List them with: npm run admin -- workspaces`);
  return found;
}

/** A member of `workspace` by member id or platform user (arg-schemas.ts memberRef). */
export async function findMember(store: Store, workspace: Workspace, ref: string): Promise<Member> {
  let member: Member | null;
  if (ref.startsWith("mem_")) {
    member = (await store.workspaces.listMembers(workspace.id)).find((m) => m.id === ref) ?? null;
  } else {
    const { platform, externalId } = split(ref);
    const user = await store.workspaces.findUserByIdentity(platform, externalId);
    member = user && (await store.workspaces.getMember(workspace.id, user.id));
  }
  if (!member) throw new CodedError("NOT_FOUND", `${ref} is not a member of ${workspace.name} (${workspace.id}). See: npm run admin -- workspace ${workspace.id}`);
  return member;
}
