import { sideLabel } from "../domain/workspace-link.ts";
import type { IssuedCode, LinkState } from "../engine/workspace-links.ts";
import { plural } from "./plural.ts";

/** /link and /unlink answers, worded once for every front end (all of them answer privately). */

const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const minutesLeft = (issued: IssuedCode, now: number) => Math.max(1, Math.round((issued.expiresAt - now) / 60_000));

export function issuedCodeText(issued: IssuedCode, now: number): string {
  return [
    `Link code: ${issued.code}`,
    `It works once, for ${plural(minutesLeft(issued, now), "minute")}. An admin of the team's workspace on the other platform enters it there:`,
    `  Slack: /link ${issued.code}    Discord: /link code:${issued.code}`,
    "This side then holds the shared credit pool: the other side's credits move into it, and both sides spend from it.",
  ].join("\n");
}

/** Names the two sides from the asking workspace's point of view. */
function sides(state: LinkState): { here: string; there: string } {
  const here = state.side === "owner" ? state.owner : state.joiner;
  const there = state.side === "owner" ? state.joiner : state.owner;
  return { here: sideLabel(here), there: sideLabel(there) };
}

function keepsText(state: LinkState): string {
  return `${sideLabel(state.owner)} ${plural(state.split.ownerKeeps, "credit")}, ${sideLabel(state.joiner)} ${plural(state.split.joinerKeeps, "credit")}`;
}

export function linkedText(state: LinkState): string {
  const { here, there } = sides(state);
  return [
    `Linked: ${here} and ${there} now share one credit pool, held by ${sideLabel(state.owner)}.`,
    `${plural(state.link.contributed, "credit")} moved in from ${sideLabel(state.joiner)}; the pool has ${plural(state.poolBalance, "credit")}.`,
    "Both sides spend from it, /credits shows each side's use, and /show finds jobs from either side. /unlink ends the link.",
  ].join("\n");
}

export function linkStatusText(state: LinkState): string {
  const { here, there } = sides(state);
  return [
    `${here} shares one credit pool with ${there} since ${day(state.link.linkedAt)} (held by ${sideLabel(state.owner)}).`,
    `The pool has ${plural(state.poolBalance, "credit")}. Unlinking now would leave ${keepsText(state)}.`,
  ].join("\n");
}

export function unlinkPreviewText(state: LinkState, confirm: string): string {
  return [
    linkStatusText(state),
    `${sideLabel(state.joiner)} gets back what it brought and added, less what its members spent (never more than the pool holds); the rest stays with ${sideLabel(state.owner)}. Credits already spent stay spent.`,
    `To end the link: ${confirm}`,
  ].join("\n");
}

export function unlinkedText(state: LinkState): string {
  return `Unlinked: ${sideLabel(state.owner)} and ${sideLabel(state.joiner)} have their own credits again. Kept: ${keepsText(state)}. Credits already spent stay spent.`;
}
