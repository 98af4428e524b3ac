import { api } from "../../../convex/_generated/api.js";
import { CodedError } from "../../domain/errors.ts";
import type { WorkspaceStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createWorkspaceStore(convex: ServiceCaller): WorkspaceStore {
  return {
    ensure: (input) => convex.mutation(api.workspaces.ensure, input),
    get: (id) => convex.query(api.workspaces.get, { id }),
    findByExternal: (platform, externalId) => convex.query(api.workspaces.findByExternal, { platform, externalId }),
    list: () => convex.query(api.workspaces.list, {}),
    updateSettings: (id, patch, now) => convex.mutation(api.workspaces.updateSettings, { id, patch, now }),
    setPlan: (id, plan, now) => convex.mutation(api.workspaces.setPlan, { id, plan, now }),
    setActive: (id, active, now) => convex.mutation(api.workspaces.setActive, { id, active, now }),
    ensureMember: async (input) => {
      const joined = await convex.mutation(api.workspaces.ensureMemberOf, input);
      if (!joined) throw new CodedError("NOT_FOUND", `workspace ${input.workspaceId} does not exist`);
      return joined;
    },
    getMember: (workspaceId, userId) => convex.query(api.workspaces.getMember, { workspaceId, userId }),
    findUserByIdentity: (platform, externalUserId) => convex.query(api.users.findByIdentity, { platform, externalUserId }),
    getUser: (id) => convex.query(api.users.get, { id }),
    updateMember: (memberId, patch) => convex.mutation(api.workspaces.updateMember, { memberId, patch }),
    actorRevision: (workspaceId) => convex.query(api.workspaces.actorRevision, { workspaceId }),
    listMembers: (workspaceId) => convex.query(api.workspaces.listMembers, { workspaceId }),
  };
}
