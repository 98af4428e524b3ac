import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * IANA special-purpose blocks ipaddr.js (2.5) does not name yet, so its `range()` calls them
 * "unicast": deprecated IPv4-compatible addresses (::a.b.c.d, RFC 4291 §2.5.5.1) and the dummy
 * IPv6 prefix (RFC 9780).
 */
const EXTRA_IPV6: [ipaddr.IPv6, number][] = [ipaddr.IPv6.parseCIDR("::/96"), ipaddr.IPv6.parseCIDR("100:0:0:1::/64")];

/**
 * The one answer to "may we connect to this address?", used by the provider image fetch and the
 * webhook sender (literal URLs and inside the socket's DNS lookup). Only global unicast passes:
 * ipaddr.js classifies every IANA special-purpose range (private, loopback, link-local with the
 * cloud metadata services, CGNAT, documentation, benchmarking, multicast, ORCHID, 6to4, Teredo...)
 * and anything it names is refused.
 *
 * Two forms carry an IPv4 address that is the real destination, so that address is judged
 * instead: IPv4-mapped (::ffff:a.b.c.d, what a dual-stack socket connects to) and well-known
 * NAT64 (64:ff9b::/96, so IPv6-only hosts behind NAT64 can still reach public images). SIIT
 * (::ffff:0:a.b.c.d), local-use NAT64 (64:ff9b:1::/48), 6to4 and Teredo are refused outright:
 * no image host is reached through them, and their relays could forward to private networks.
 */
export function isPublicAddress(address: string): boolean {
  // node:net's parser is strict (no "0x7f.1" or "127.1" shorthands ipaddr.parse would accept).
  const family = isIP(address);
  if (family === 0) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.range() === "unicast";
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (range === "ipv4Mapped") return v6.toIPv4Address().range() === "unicast";
  if (range === "rfc6052" && v6.match(WELL_KNOWN_NAT64)) return embeddedIpv4(v6).range() === "unicast";
  if (range !== "unicast") return false;
  return !EXTRA_IPV6.some((cidr) => v6.match(cidr));
}

const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

/** RFC 6052 with a /96 prefix: the IPv4 address is the last 32 bits. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12));
}
