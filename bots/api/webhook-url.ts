import { isIP } from "node:net";
import { isPublicAddress } from "../../core/providers/shared/is-public-address.ts";

/**
 * Why a webhook URL is refused, or null when it may be called: https only, no credentials, no
 * literal private address or local-only name. Names are checked again when the delivery
 * connects (publicOnlyLookup), since what a name resolves to can change.
 *
 * `allowHosts` is a test seam: exact "host:port" values let through over http and on private
 * addresses. Only code passes it; nothing in configuration reaches it.
 */
export function webhookUrlProblem(raw: string, allowHosts: ReadonlySet<string>): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"webhookUrl" is not a URL`;
  }
  const trusted = allowHosts.has(url.host);
  if (url.protocol !== "https:" && !(trusted && url.protocol === "http:")) return `"webhookUrl" must use https`;
  if (url.username || url.password) return `"webhookUrl" must not contain a user name or password`;
  if (trusted) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = isIP(host) ? !isPublicAddress(host) : isLocalName(host);
  return local ? `"webhookUrl" must point at a public address` : null;
}

/** Names that only ever mean this machine or its network (no public DNS answers for them). */
function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return !name.includes(".") || /\.(localhost|local|internal|home\.arpa)$/.test(name);
}
