/**
 * A storage key as a URL path: every segment percent-encoded the RFC 3986 way (encodeURIComponent
 * plus ! ' ( ) *), slashes kept. SigV4 needs exactly this encoding, and CloudFront serves it as is.
 */
export function encodeKeyPath(key: string): string {
  return key.split("/").map(encodeRfc3986).join("/");
}

export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
