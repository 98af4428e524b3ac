import { describe, expect, it } from "vitest";
import { newId } from "../../../core/domain/ids.ts";
import type { PlanId } from "../../../core/domain/plans.ts";
import { LINK_CODE_TTL_MS } from "../../../core/domain/rules/link.ts";
import type { Platform, Workspace } from "../../../core/domain/workspace.ts";
import { Fixture, NO_LIMITS, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

let unique = 0;

/** Workspace links (#19): the same cases on every store; the rules are core/domain/rules/link.ts. */
export function linkCases(ref: StoreRef): void {
  const fixture = () => new LinkFixture(ref.get());

  describe("workspace links", () => {
    it("linking moves the joiner's balance into the pool with two balanced entries, and the ledgers sum to the balances on both sides", async () => {
      const f = fixture();
      const owner = await f.side("discord", "PRO");
      const joiner = await f.side("slack", "FREE");
      const link = await f.link(owner, joiner);

      expect(link).toMatchObject({ ownerWorkspaceId: owner.id, joinerWorkspaceId: joiner.id, contributed: 10, joinerNet: 10, unlinkedAt: null });
      expect(link.joinerLabel).toBe('Slack workspace "Team"');
      expect(await f.balance(owner.id)).toBe(510);
      expect(await f.balance(joiner.id)).toBe(0);
      await f.expectBalanced(owner.id, joiner.id);
      const [into] = await f.store.credits.list(owner.id, 1);
      const [outOf] = await f.store.credits.list(joiner.id, 1);
      expect(into).toMatchObject({ amount: 10, kind: "adjustment", dedupeKey: `link:${link.id}:in`, reason: expect.stringContaining('Slack workspace "Team"') });
      expect(outOf).toMatchObject({ amount: -10, kind: "adjustment", dedupeKey: `link:${link.id}:out`, reason: expect.stringContaining('Discord server "Team"') });
      expect(await f.store.links.active(owner.id)).toEqual(link);
      expect(await f.store.links.active(joiner.id)).toEqual(link);
      expect(await f.store.links.list()).toEqual([link]);
    });

    it("while linked, the joiner's charges, refunds and grants book to the pool naming the joiner; unlinking returns its net share and both ledgers stay balanced", async () => {
      const f = fixture();
      const owner = await f.side("discord", "PRO");
      const joiner = await f.side("slack", "FREE");
      const link = await f.link(owner, joiner);
      const member = await f.member(joiner);

      const kept = await f.submit(member, { price: 4 });
      const cancelled = await f.submit(member, { price: 3 });
      unwrap(await f.store.jobs.cancel(cancelled.id, T0 + 2));
      unwrap(await f.store.credits.append({ workspaceId: joiner.id, kind: "grant", amount: 5, reason: "promo", now: T0 + 3 }));

      expect(kept.workspaceId).toBe(joiner.id);
      expect(await f.balance(joiner.id)).toBe(0);
      expect(await f.balance(owner.id)).toBe(510 - 4 + 5);
      expect(await f.store.credits.list(joiner.id, 100)).toHaveLength(2); // its welcome grant and the move out
      const charge = (await f.store.credits.list(owner.id, 100)).find((e) => e.dedupeKey === `charge:${kept.id}`);
      expect(charge).toMatchObject({ workspaceId: owner.id, amount: -4, jobId: kept.id, reason: expect.stringContaining('(Slack workspace "Team")') });
      expect((await f.store.links.active(owner.id))!.joinerNet).toBe(10 - 4 - 3 + 3 + 5);
      await f.expectBalanced(owner.id, joiner.id);

      const ended = unwrap(await f.store.links.unlink({ workspaceId: owner.id, now: T0 + 10 }));
      expect(ended).toMatchObject({ id: link.id, unlinkedAt: T0 + 10, joinerKept: 11, ownerKept: 500 });
      expect(await f.balance(joiner.id)).toBe(11);
      expect(await f.balance(owner.id)).toBe(500);
      await f.expectBalanced(owner.id, joiner.id);
      expect(await f.store.links.active(owner.id)).toBeNull();
      expect(await f.store.links.list()).toEqual([]);

      // After the link, the joiner books on its own ledger again.
      await f.submit(member, { price: 2, now: T0 + 11 });
      expect(await f.balance(joiner.id)).toBe(9);
      expect(await f.balance(owner.id)).toBe(500);
      await f.expectBalanced(owner.id, joiner.id);
    });

    it("a joiner is admitted against the pool's balance, and refused with nothing charged when the pool is short", async () => {
      const f = fixture();
      const owner = await f.side("discord", "FREE");
      const joiner = await f.side("slack", "FREE");
      await f.link(owner, joiner);
      const member = await f.member(joiner);

      await f.submit(member, { price: 15 });
      expect(await f.balance(owner.id)).toBe(5);
      const before = [await f.snapshot(owner.id), await f.snapshot(joiner.id)];
      const refused = await f.store.jobs.submit(f.newJob(member, { price: 6 }), NO_LIMITS);
      expect(rejection(refused)).toMatchObject({ code: "INSUFFICIENT_CREDITS", details: { balance: 5, price: 6 } });
      expect([await f.snapshot(owner.id), await f.snapshot(joiner.id)]).toEqual(before);
    });

    it("a joiner's one-off charge (/describe) is admitted against the pool and booked to it", async () => {
      const f = fixture();
      const owner = await f.side("discord", "FREE");
      const joiner = await f.side("slack", "FREE");
      await f.link(owner, joiner);
      const member = await f.member(joiner);
      const charge = {
        workspaceId: joiner.id,
        userId: member.user.id,
        memberId: member.member.id,
        price: 12,
        reason: "describe with local-describe",
        dedupeKey: `describe:${joiner.id}:evt-1`,
        dailyCap: null,
        providerCostUsd: null,
        now: T0 + 2,
      };
      const booked = unwrap(await f.store.credits.chargeOnce(charge));
      expect(booked.entry).toMatchObject({ workspaceId: owner.id, amount: -12, balanceAfter: 8 });
      expect([await f.balance(owner.id), await f.balance(joiner.id)]).toEqual([8, 0]);
      expect(rejection(await f.store.credits.chargeOnce({ ...charge, dedupeKey: `describe:${joiner.id}:evt-2` }))).toMatchObject({
        code: "INSUFFICIENT_CREDITS",
        details: { balance: 8, price: 12 },
      });
      await f.expectBalanced(owner.id, joiner.id);
    });

    it("unlinking gives the joiner what it brought less what its members spent, floored at 0 and capped at the pool's balance", async () => {
      const f = fixture();
      const owner = await f.side("discord", "FREE");
      const joiner = await f.side("slack", "FREE");
      await f.link(owner, joiner);
      const member = await f.member(joiner);
      await f.submit(member, { price: 14 }); // the joiner brought 10 and spent 14: it gets nothing back
      expect((await f.store.links.active(joiner.id))!.joinerNet).toBe(-4);
      const ended = unwrap(await f.store.links.unlink({ workspaceId: joiner.id, now: T0 + 5 }));
      expect(ended).toMatchObject({ joinerKept: 0, ownerKept: 6 });
      expect(await f.balance(owner.id)).toBe(6);
      expect(await f.balance(joiner.id)).toBe(0);
      await f.expectBalanced(owner.id, joiner.id);

      // Capped: the owner's members spent the pool down below the joiner's share.
      const owner2 = await f.side("discord", "FREE");
      const joiner2 = await f.side("slack", "FREE");
      await f.link(owner2, joiner2);
      await f.submit(await f.member(owner2), { price: 17 });
      expect(unwrap(await f.store.links.unlink({ workspaceId: owner2.id, now: T0 + 6 }))).toMatchObject({ joinerKept: 3, ownerKept: 0 });
      await f.expectBalanced(owner2.id, joiner2.id);
    });

    it("each side of a pool is refilled as if it stood alone, against its own share (what it would keep on unlink)", async () => {
      const f = fixture();
      const owner = await f.side("discord", "PRO");
      const joiner = await f.side("slack", "FREE");
      await f.link(owner, joiner);
      // The owner's side spends 505: its own 500 and 5 of the 10 the joiner brought.
      await f.store.credits.append({ workspaceId: owner.id, kind: "adjustment", amount: -505, reason: "spent", now: T0 });
      expect(await f.balance(owner.id)).toBe(5);

      const joinerRefill = await f.store.credits.refill(joiner.id, "2026-12", T0 + 1);
      expect(joinerRefill).toMatchObject({ workspaceId: owner.id, amount: 5 }); // its share 5, topped up to FREE's 10
      const ownerRefill = await f.store.credits.refill(owner.id, "2026-12", T0 + 2);
      expect(ownerRefill).toMatchObject({ workspaceId: owner.id, amount: 500 }); // its share 0, topped up to PRO's 500
      expect(await f.balance(owner.id)).toBe(510);
      expect(await f.balance(joiner.id)).toBe(0);
      await f.expectBalanced(owner.id, joiner.id);
      // The 5 the owner's side borrowed from the joiner's credits went back with the owner's refill.
      expect(unwrap(await f.store.links.unlink({ workspaceId: owner.id, now: T0 + 3 }))).toMatchObject({ joinerKept: 15, ownerKept: 495 });
      await f.expectBalanced(owner.id, joiner.id);
    });

    it("linking never costs a side its monthly allowance: an empty owner joined by a rich side still gets its own refill, and keeps it on unlink", async () => {
      const f = fixture();
      const owner = await f.side("discord", "FREE");
      const joiner = await f.side("slack", "FREE");
      await f.store.credits.append({ workspaceId: owner.id, kind: "adjustment", amount: -10, reason: "spent", now: T0 });
      await f.store.credits.append({ workspaceId: joiner.id, kind: "grant", amount: 990, reason: "bought", now: T0 });
      await f.link(owner, joiner);
      expect(await f.balance(owner.id)).toBe(1000);

      expect(await f.store.credits.refill(owner.id, "2026-12", T0 + 1)).toMatchObject({ workspaceId: owner.id, amount: 10 });
      expect(await f.store.credits.refill(joiner.id, "2026-12", T0 + 2)).toBeNull(); // its share is 1000, above FREE's 10
      expect(unwrap(await f.store.links.unlink({ workspaceId: joiner.id, now: T0 + 3 }))).toMatchObject({ joinerKept: 1000, ownerKept: 10 });
      await f.expectBalanced(owner.id, joiner.id);
    });

    describe("refusals change nothing", () => {
      it("an unknown code, a used code and an expired code", async () => {
        const f = fixture();
        const owner = await f.side("discord");
        const joiner = await f.side("slack");
        const other = await f.side("slack");
        const before = await f.state(owner, joiner);
        expect(rejection(await f.store.links.redeem({ codeHash: "nobody-issued-this", workspaceId: joiner.id, linkId: newId("lnk"), now: T0 })).code).toBe(
          "LINK_CODE_UNKNOWN",
        );
        const hash = await f.code(owner);
        expect(rejection(await f.redeem(hash, joiner, T0 + LINK_CODE_TTL_MS)).code).toBe("LINK_CODE_EXPIRED");
        expect(await f.state(owner, joiner)).toEqual(before);

        const fresh = await f.code(owner);
        unwrap(await f.redeem(fresh, joiner));
        const linked = await f.state(owner, other);
        expect(rejection(await f.redeem(fresh, other)).code).toBe("LINK_CODE_USED");
        expect(await f.state(owner, other)).toEqual(linked);
      });

      it("linking a workspace to itself or to another workspace of the same platform", async () => {
        const f = fixture();
        const owner = await f.side("discord");
        const sameKind = await f.side("discord");
        const before = await f.state(owner, sameKind);
        const hash = await f.code(owner);
        expect(rejection(await f.redeem(hash, owner))).toMatchObject({ code: "LINK_NOT_ALLOWED", message: expect.stringContaining("this workspace") });
        expect(rejection(await f.redeem(hash, sameKind))).toMatchObject({ code: "LINK_NOT_ALLOWED", message: expect.stringContaining("Discord server") });
        expect(await f.state(owner, sameKind)).toEqual(before);
        // The code was not spent by the refusals: the right side can still use it.
        unwrap(await f.redeem(hash, await f.side("slack")));
      });

      it("an already linked workspace can neither issue a code nor join, nor be joined", async () => {
        const f = fixture();
        const owner = await f.side("discord");
        const joiner = await f.side("slack");
        const pending = await f.code(owner);
        await f.link(owner, joiner);
        expect(rejection(await f.store.links.createCode({ codeHash: `h${++unique}`, workspaceId: joiner.id, expiresAt: T0 + LINK_CODE_TTL_MS, now: T0 })).code).toBe(
          "ALREADY_LINKED",
        );
        const lonely = await f.side("slack");
        const before = await f.state(owner, lonely);
        expect(rejection(await f.redeem(pending, lonely))).toMatchObject({ code: "ALREADY_LINKED", message: expect.stringContaining("issued this code") });
        const third = await f.side("discord");
        expect(rejection(await f.redeem(await f.code(third), joiner))).toMatchObject({ code: "ALREADY_LINKED", message: expect.stringContaining("This workspace") });
        expect(await f.state(owner, lonely)).toEqual(before);
        expect(rejection(await f.store.links.unlink({ workspaceId: lonely.id, now: T0 })).code).toBe("NOT_LINKED");
      });
    });

    it("two admins redeeming the same code at once make exactly one link", async () => {
      const f = fixture();
      const owner = await f.side("discord");
      const first = await f.side("slack");
      const second = await f.side("slack");
      const hash = await f.code(owner);
      const results = await Promise.all([f.redeem(hash, first), f.redeem(hash, second)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => rejection(r).code)).toEqual(["LINK_CODE_USED"]);
      expect(await f.store.links.list()).toHaveLength(1);
      await f.expectBalanced(owner.id, first.id);
      await f.expectBalanced(owner.id, second.id);
      expect((await f.balance(first.id)) + (await f.balance(second.id))).toBe(10); // one of them kept its own 10
    });
  });
}

class LinkFixture extends Fixture {
  /** A workspace of `platform` named "Team" (so ledger reasons are predictable). */
  side(platform: Platform, plan: PlanId = "FREE"): Promise<Workspace> {
    return this.store.workspaces.ensure({ platform, externalId: `${platform}-team-${++unique}`, name: "Team", plan, now: T0 });
  }

  async code(owner: Workspace): Promise<string> {
    const codeHash = `hash-${++unique}`;
    unwrap(await this.store.links.createCode({ codeHash, workspaceId: owner.id, expiresAt: T0 + LINK_CODE_TTL_MS, now: T0 }));
    return codeHash;
  }

  redeem(codeHash: string, joiner: Workspace, now = T0 + 1) {
    return this.store.links.redeem({ codeHash, workspaceId: joiner.id, linkId: newId("lnk", now), now });
  }

  async link(owner: Workspace, joiner: Workspace) {
    return unwrap(await this.redeem(await this.code(owner), joiner));
  }

  async state(a: Workspace, b: Workspace) {
    return { a: await this.snapshot(a.id), b: await this.snapshot(b.id), links: await this.store.links.list() };
  }

  async expectBalanced(...workspaceIds: string[]): Promise<void> {
    for (const id of workspaceIds) {
      const balance = await this.balance(id);
      expect(balance).toBeGreaterThanOrEqual(0);
      expect(await this.store.credits.ledgerSum(id)).toBe(balance);
    }
  }
}
