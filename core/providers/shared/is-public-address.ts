import { BlockList, isIP } from "node:net";

/**
 * Address ranges an image URL must never reach: this host, private networks, link-local (cloud
 * metadata at 169.254.169.254 and fd00:ec2::254), CGNAT, and every special-purpose block from
 * the IANA registries. BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

const nat64 = new BlockList();
nat64.addSubnet("64:ff9b::", 96, "ipv6");

/** True only for a syntactically valid address outside every blocked range. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, "ipv4");
  if (family !== 6) return false;
  if (blocked.check(address, "ipv6")) return false;
  // NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits; judge that address instead, so
  // IPv6-only hosts behind NAT64 can still fetch public images but never a private one.
  if (nat64.check(address, "ipv6")) return isPublicAddress(embeddedIpv4(address));
  return true;
}

function embeddedIpv4(address: string): string {
  // The URL parser canonicalises any spelling (dotted tail, leading zeros) to compressed hex.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const tail = canonical.slice(canonical.lastIndexOf("::") + 2).split(":");
  const [high, low] = tail.length === 1 ? [0, parseInt(tail[0]! || "0", 16)] : [parseInt(tail[0]!, 16), parseInt(tail[1]!, 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}
