import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client, type S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { CodedError } from "../domain/errors.ts";
import { type Clock, systemClock } from "../ports/clock.ts";
import type { ListedObject, ObjectStorage, PutOptions, StoredObject, UrlOptions } from "../ports/object-storage.ts";
import { type CloudFrontOptions, cloudFrontUrl } from "./cloudfront-urls.ts";
import { CredentialSnapshot } from "./credential-snapshot.ts";
import { encodeKeyPath } from "./encode-key-path.ts";
import { presignGetObjectUrl } from "./s3-presign.ts";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (R2, MinIO, s3rver); omitted for AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /**
   * WHEN_REQUIRED for most S3-compatible stores: with the SDK's default (WHEN_SUPPORTED) some of
   * them store a streamed body with its aws-chunked framing inside it, silently corrupt.
   */
  checksums: "WHEN_SUPPORTED" | "WHEN_REQUIRED";
  /** Prepended to every key the engine passes, e.g. "images/". */
  prefix: string;
  /** Static keys; omitted, the SDK's default chain (env, profile, instance role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  cloudfront?: CloudFrontOptions;
  /**
   * Lifetime of presigned S3 URLs when there is no CloudFront (SIGNED_URL_TTL_SECONDS). S3 caps
   * it at 7 days, and URLs signed with temporary credentials die with those credentials.
   */
  signedUrlTtlSeconds?: number;
  clock?: Clock;
}

export interface HeadResult {
  contentType: string;
  contentLength: number;
  cacheControl: string | null;
  metadata: Record<string, string>;
}

export interface S3Storage extends ObjectStorage {
  /**
   * Loads credentials; await it at start. Needed before urlFor when there is no CloudFront and no
   * static keys, and a cheap check that the credential chain works at all.
   */
  ready(): Promise<void>;
  /** The object's headers without its bytes; null when no object has this key. */
  head(key: string): Promise<HeadResult | null>;
  /** Closes the client's sockets (shutdown, tests). */
  destroy(): void;
}

/** Keys are unique per image and never rewritten, so caches may keep them forever. */
const CACHE_CONTROL = "public, max-age=31536000, immutable";
/** S3's minimum part size; bodies up to one part go up as a single PutObject. */
const PART_SIZE = 5 * 1024 * 1024;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/**
 * Images in S3 (or a compatible store). URLs are made on demand, so every one handed out is
 * fresh: with CloudFront, `https://<domain>/<key>`, signed for private images when a key pair is
 * configured; without CloudFront, a presigned GetObject URL for every image (the bucket is
 * assumed private).
 */
export function createS3Storage(options: S3StorageOptions): S3Storage {
  const cloudfront = options.cloudfront;
  if (cloudfront && Boolean(cloudfront.keyPairId) !== Boolean(cloudfront.privateKey)) {
    throw new CodedError("CONFIG_INVALID", "CLOUDFRONT_KEY_PAIR_ID and CLOUDFRONT_PRIVATE_KEY must be set together");
  }
  const clock = options.clock ?? systemClock;
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials,
    requestChecksumCalculation: options.checksums,
    responseChecksumValidation: options.checksums,
  });
  // Every S3 call below refreshes this snapshot (cheap: the SDK memoizes), so urlFor can sign
  // synchronously with current credentials.
  const credentials = new CredentialSnapshot(() => client.config.credentials(), clock, options.credentials ?? null);
  const prefix = options.prefix === "" || options.prefix.endsWith("/") ? options.prefix : `${options.prefix}/`;
  const bucket = options.bucket;
  const fullKey = (key: string) => prefix + key;
  const presignSeconds = Math.min(options.signedUrlTtlSeconds ?? MAX_PRESIGN_SECONDS, MAX_PRESIGN_SECONDS);

  function urlFor(key: string, urlOptions: UrlOptions = {}): string {
    if (cloudfront) return cloudFrontUrl(cloudfront, fullKey(key), { private: urlOptions.private ?? false, now: clock.now() });
    const identity = credentials.current();
    if (!identity) throw new CodedError("STORAGE_NOT_READY", "S3 credentials are not loaded yet: await storage.ready() at start");
    return presignGetObjectUrl({
      objectUrl: objectUrl(options, fullKey(key)),
      region: options.region,
      credentials: identity,
      now: clock.now(),
      expiresInSeconds: presignSeconds,
    });
  }

  return {
    publicUrls: true,

    async ready() {
      try {
        await credentials.refresh();
      } catch (error) {
        throw new CodedError("CONFIG_INVALID", `no usable S3 credentials: ${(error as Error).message}`, { cause: error });
      }
    },

    async put(key: string, bytes: Uint8Array, contentType: string, putOptions: PutOptions = {}) {
      try {
        await credentials.refresh();
        // lib-storage sends the parts of a large body (subarrays, no copies) and a small body as
        // one PutObject.
        await new Upload({
          client,
          partSize: PART_SIZE,
          queueSize: 4,
          params: {
            Bucket: bucket,
            Key: fullKey(key),
            Body: bytes,
            ContentType: contentType,
            CacheControl: CACHE_CONTROL,
            Metadata: putOptions.jobId ? { "job-id": putOptions.jobId } : undefined,
          },
        }).done();
      } catch (error) {
        throw storageError("put", key, error);
      }
      return { url: urlFor(key, { private: putOptions.private ?? false }) };
    },

    async get(key: string): Promise<StoredObject | null> {
      try {
        await credentials.refresh();
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey(key) }));
        if (!object.Body) return null;
        return { bytes: await object.Body.transformToByteArray(), contentType: object.ContentType ?? "application/octet-stream" };
      } catch (error) {
        // Only a missing key is "no object"; a missing bucket is a configuration error.
        if (error instanceof NoSuchKey) return null;
        throw storageError("get", key, error);
      }
    },

    async head(key: string): Promise<HeadResult | null> {
      try {
        await credentials.refresh();
        const object = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: fullKey(key) }));
        return {
          contentType: object.ContentType ?? "application/octet-stream",
          contentLength: object.ContentLength ?? 0,
          cacheControl: object.CacheControl ?? null,
          metadata: object.Metadata ?? {},
        };
      } catch (error) {
        // HEAD answers have no body, so a missing key is known only by its status.
        if (isNotFound(error)) return null;
        throw storageError("head", key, error);
      }
    },

    async delete(key: string) {
      try {
        await credentials.refresh();
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: fullKey(key) }));
      } catch (error) {
        throw storageError("delete", key, error);
      }
    },

    async list(listPrefix: string) {
      const found: ListedObject[] = [];
      try {
        await credentials.refresh();
        let token: string | undefined;
        do {
          const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: fullKey(listPrefix), ContinuationToken: token }));
          for (const object of page.Contents ?? []) {
            if (object.Key === undefined) continue;
            found.push({ key: object.Key.slice(prefix.length), lastModified: object.LastModified?.getTime() ?? 0 });
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        throw storageError("list", listPrefix, error);
      }
      return found;
    },

    urlFor,

    destroy() {
      client.destroy();
    },
  };
}

/** The object's address: path-style under the endpoint, or virtual-hosted (bucket as subdomain). */
function objectUrl(options: S3StorageOptions, key: string): string {
  const endpoint = new URL(options.endpoint ?? `https://s3.${options.region}.amazonaws.com`);
  const path = encodeKeyPath(key);
  if (options.forcePathStyle) return `${endpoint.origin}/${options.bucket}/${path}`;
  return `${endpoint.protocol}//${options.bucket}.${endpoint.host}/${path}`;
}

function isNotFound(error: unknown): boolean {
  return (error as Partial<S3ServiceException> | null)?.$metadata?.httpStatusCode === 404;
}

function storageError(operation: string, key: string, error: unknown): CodedError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new CodedError("STORAGE_ERROR", `s3 ${operation} of ${key} failed: ${detail}`, { cause: error, fields: { operation, key } });
}
