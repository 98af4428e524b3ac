import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../../bots/api/webhook-url.ts";
import { isPublicAddress } from "../../../core/providers/shared/is-public-address.ts";

/**
 * Every block of the IANA IPv4 and IPv6 special-purpose address registries (plus multicast and
 * the deprecated site-local block), each probed at its first and last address. None may be
 * reached by the image fetch or a webhook.
 */
const SPECIAL_PURPOSE: [string, string][] = [
  ["0.0.0.0/8", "this network (RFC 791)"],
  ["10.0.0.0/8", "private (RFC 1918)"],
  ["100.64.0.0/10", "shared address space / CGNAT (RFC 6598)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local, cloud metadata (RFC 3927)"],
  ["172.16.0.0/12", "private (RFC 1918)"],
  ["192.0.0.0/24", "IETF protocol assignments (RFC 6890)"],
  ["192.0.0.0/29", "IPv4 service continuity prefix (RFC 7335)"],
  ["192.0.0.170/31", "NAT64/DNS64 discovery (RFC 8880)"],
  ["192.0.2.0/24", "documentation TEST-NET-1"],
  ["192.31.196.0/24", "AS112-v4 (RFC 7535)"],
  ["192.52.193.0/24", "AMT (RFC 7450)"],
  ["192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"],
  ["192.168.0.0/16", "private (RFC 1918)"],
  ["192.175.48.0/24", "direct delegation AS112 (RFC 7534)"],
  ["198.18.0.0/15", "benchmarking (RFC 2544)"],
  ["198.51.100.0/24", "documentation TEST-NET-2"],
  ["203.0.113.0/24", "documentation TEST-NET-3"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved (RFC 1112)"],
  ["255.255.255.255/32", "limited broadcast"],
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "IPv4-compatible, deprecated (RFC 4291)"],
  ["::ffff:0:0/96", "IPv4-mapped, judged by the IPv4 address (0.0.0.0, 255.255.255.255 here)"],
  ["::ffff:0:0:0/96", "SIIT IPv4-translated (RFC 6145)"],
  ["64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"],
  ["100::/64", "discard-only (RFC 6666)"],
  ["100:0:0:1::/64", "dummy IPv6 prefix (RFC 9780)"],
  ["2001::/23", "IETF protocol assignments (RFC 2928)"],
  ["2001::/32", "Teredo (RFC 4380)"],
  ["2001:1::1/128", "port control protocol anycast (RFC 7723)"],
  ["2001:2::/48", "benchmarking (RFC 5180)"],
  ["2001:3::/32", "AMT (RFC 7450)"],
  ["2001:4:112::/48", "AS112-v6 (RFC 7535)"],
  ["2001:10::/28", "deprecated ORCHID (RFC 4843)"],
  ["2001:20::/28", "ORCHIDv2 (RFC 7343)"],
  ["2001:30::/28", "drone remote ID (RFC 9374)"],
  ["2001:db8::/32", "documentation (RFC 3849)"],
  ["2002::/16", "6to4 (RFC 3056)"],
  ["2620:4f:8000::/48", "direct delegation AS112 (RFC 7534)"],
  ["3fff::/20", "documentation (RFC 9637)"],
  ["5f00::/16", "segment routing SIDs (RFC 9602)"],
  ["fc00::/7", "unique local (RFC 4193), incl. fd00:ec2::254 metadata"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "deprecated site-local (RFC 3879)"],
  ["ff00::/8", "multicast"],
];

function edges(cidr: string): string[] {
  if (cidr.includes(":")) {
    return [ipaddr.IPv6.networkAddressFromCIDR(cidr).toString(), ipaddr.IPv6.broadcastAddressFromCIDR(cidr).toString()];
  }
  return [ipaddr.IPv4.networkAddressFromCIDR(cidr).toString(), ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString()];
}

const ROWS = SPECIAL_PURPOSE.flatMap(([cidr, why]) => edges(cidr).map((address) => [address, cidr, why] as const));

/** Addresses that carry a private IPv4 address inside an IPv6 form. */
const EMBEDDED_PRIVATE = [
  "::127.0.0.1",
  "::10.0.0.1",
  "::169.254.169.254",
  "::ffff:127.0.0.1",
  "::ffff:10.0.0.1",
  "::ffff:169.254.169.254",
  "::ffff:0:127.0.0.1",
  "::ffff:0:8.8.8.8",
  "64:ff9b::10.0.0.1",
  "64:ff9b::a9fe:a9fe",
  "64:ff9b::7f00:1",
  "64:ff9b:1::8.8.8.8",
  "2002:7f00:1::1",
  "2002:a00:1::1",
  "2002:808:808::1",
  "2001:0:4136:e378:8000:63bf:3fff:fdd2",
];

const PUBLIC = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "172.32.0.1",
  "100.128.0.1",
  "192.0.1.1",
  "223.255.255.254",
  "2606:4700:4700::1111",
  "2a00:1450:4001:80b::200e",
  "::ffff:8.8.8.8",
  "64:ff9b::8.8.4.4",
];

describe("isPublicAddress (one check for the image fetch and webhooks)", () => {
  it.each(ROWS)("refuses %s (%s, %s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(EMBEDDED_PRIVATE)("refuses %s, an IPv6 form that embeds IPv4 or tunnels through a relay", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["not an address", "", "127.1", "0x7f.0.0.1", "2130706433", "8.8.8.8.8", "[::1]"])("refuses the malformed %j", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(PUBLIC)("accepts the global unicast %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("webhook URLs with a literal address get the same answer as the image fetch", () => {
    const none = new Set<string>();
    for (const address of [...ROWS.map((row) => row[0]), ...EMBEDDED_PRIVATE, ...PUBLIC]) {
      const url = address.includes(":") ? `https://[${address}]/hook` : `https://${address}/hook`;
      const refused = webhookUrlProblem(url, none) !== null;
      expect(refused, url).toBe(!isPublicAddress(address));
    }
  });
});
