import { BlockList, isIP } from "node:net";

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/**
 * Whether Discord's and Slack's servers could fetch this URL: false for loopback, private and
 * link-local addresses, "localhost", mDNS ".local" names and single-label hosts (a LAN or
 * Docker service name), which only resolve inside our own network. It cannot prove the host is
 * reachable; it only rules out the hosts that certainly are not.
 */
export function isPublicUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  // URL keeps IPv6 literals in brackets and may keep a trailing root dot on names.
  host = host.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  const family = isIP(host);
  if (family !== 0) return !PRIVATE.check(host, family === 4 ? "ipv4" : "ipv6");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return false;
  return host.includes(".");
}
