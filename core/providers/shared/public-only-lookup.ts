import { lookup as dnsLookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "./is-public-address.ts";

/** The name resolved to an address we refuse to connect to; retrying will not change that. */
export class UnsafeAddressError extends Error {}

/**
 * A socket `lookup` that fails unless every address the name resolves to is public. The check
 * has to run inside the connection's own DNS lookup: checking with a separate lookup first
 * would let a DNS-rebinding name answer "public" to us and "private" to the socket a moment later.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    // Every address must be public: the socket may try any of them (happy eyeballs).
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      return callback(new UnsafeAddressError(`${hostname} resolves to a non-public address ${bad?.address ?? "(none)"}`), "");
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
