import { createHash, createHmac } from "node:crypto";
import { encodeRfc3986 } from "./encode-key-path.ts";

export interface PresignCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PresignRequest {
  /** The object's URL, its path already encoded with encodeKeyPath (virtual-hosted or path-style). */
  objectUrl: string;
  region: string;
  credentials: PresignCredentials;
  now: number;
  expiresInSeconds: number;
}

/**
 * A presigned GetObject URL (SigV4 query authentication, as in S3's "Authenticating Requests:
 * Using Query Parameters"). Written out here because ObjectStorage.urlFor is synchronous and the
 * SDK's presigner is not; the tests hold it to AWS's published example and to a real server.
 */
export function presignGetObjectUrl(request: PresignRequest): string {
  const url = new URL(request.objectUrl);
  const { accessKeyId, secretAccessKey, sessionToken } = request.credentials;
  const timestamp = new Date(request.now).toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = timestamp.slice(0, 8);
  const scope = `${day}/${request.region}/s3/aws4_request`;

  const params: Array<[string, string]> = [
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${accessKeyId}/${scope}`],
    ["X-Amz-Date", timestamp],
    ["X-Amz-Expires", String(request.expiresInSeconds)],
    ["X-Amz-SignedHeaders", "host"],
  ];
  if (sessionToken) params.push(["X-Amz-Security-Token", sessionToken]);
  const query = params
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");

  // S3 signs the path as sent (no second encoding) and, for a presigned GET, no payload hash.
  const canonicalRequest = ["GET", url.pathname, query, `host:${url.host}`, "", "host", "UNSIGNED-PAYLOAD"].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = [day, request.region, "s3", "aws4_request"].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${secretAccessKey}`),
  );
  const signature = hmac(signingKey, stringToSign).toString("hex");
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function sha256Hex(data: string): string {
  return createHash("sha256").update(data).digest("hex");
}
