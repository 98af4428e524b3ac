import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { encodeKeyPath } from "./encode-key-path.ts";

export interface CloudFrontOptions {
  /** Bare host name, e.g. d111111abcdef8.cloudfront.net (CLOUDFRONT_DOMAIN). */
  domain: string;
  /** Public key id of the distribution's trusted key group (CLOUDFRONT_KEY_PAIR_ID). */
  keyPairId?: string;
  /** PEM private key matching keyPairId (CLOUDFRONT_PRIVATE_KEY). */
  privateKey?: string;
  /** Lifetime of signed URLs (SIGNED_URL_TTL_SECONDS). */
  ttlSeconds: number;
}

/**
 * `https://<domain>/<key>` for public images. Private images get a canned-policy signed URL that
 * stops working `ttlSeconds` after `now`, when signing keys are configured; without them a private
 * image's URL is as unguessable as its key (128 random bits) but does not expire.
 */
export function cloudFrontUrl(options: CloudFrontOptions, key: string, request: { private: boolean; now: number }): string {
  const url = `https://${options.domain}/${encodeKeyPath(key)}`;
  if (!request.private || !options.keyPairId || !options.privateKey) return url;
  return getSignedUrl({
    url,
    keyPairId: options.keyPairId,
    privateKey: options.privateKey,
    dateLessThan: new Date(request.now + options.ttlSeconds * 1000),
  });
}
