import { generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodedError } from "../../core/domain/errors.ts";
import { createS3Storage, type S3Storage, type S3StorageOptions } from "../../core/storage/s3-storage.ts";
import { S3RVER_CREDENTIALS, startS3rver } from "../support/s3rver.ts";
import { TestClock } from "../support/test-clock.ts";

const BUCKET = "pixorly-images";
const KEY = "ws_01/2026-11-26/job_01/0-k3y.png";
const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

let s3: Awaited<ReturnType<typeof startS3rver>>;
const storages: S3Storage[] = [];

/** A storage on the test's s3rver, with the settings s3rver (and R2/MinIO) need. */
function storage(overrides: Partial<S3StorageOptions> = {}): S3Storage {
  const created = createS3Storage({
    bucket: BUCKET,
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    checksums: "WHEN_REQUIRED",
    prefix: "images/",
    credentials: S3RVER_CREDENTIALS,
    ...overrides,
  });
  storages.push(created);
  return created;
}

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
});

afterAll(async () => {
  for (const created of storages) created.destroy();
  await s3.close();
});

describe("S3 storage against s3rver", () => {
  it("puts, heads, gets and deletes an object under the prefix, with its headers and job id", async () => {
    const images = storage();
    const { url } = await images.put(KEY, png, "image/png", { jobId: "job_01" });

    expect(await images.head(KEY)).toEqual({
      contentType: "image/png",
      contentLength: png.length,
      cacheControl: "public, max-age=31536000, immutable",
      metadata: { "job-id": "job_01" },
    });
    const stored = await images.get(KEY);
    expect(stored?.contentType).toBe("image/png");
    expect(Buffer.from(stored!.bytes).equals(png)).toBe(true);
    // The prefix is part of the real key: a storage without one sees the object there.
    expect(await storage({ prefix: "" }).head(`images/${KEY}`)).not.toBeNull();
    expect(url).toContain(`/${BUCKET}/images/${KEY}?`);

    await images.delete(KEY);
    expect(await images.get(KEY)).toBeNull();
    expect(await images.head(KEY)).toBeNull();
    await expect(images.delete(KEY)).resolves.toBeUndefined();
  });

  it("uploads a 12 MB image in parts and gets back the same bytes", async () => {
    const images = storage();
    const big = new Uint8Array(randomBytes(12 * 1024 * 1024));
    const before = s3.requests.length;
    await images.put("ws_01/2026-11-26/job_02/0-big.png", big, "image/png", { jobId: "job_02" });

    const parts = s3.requests.slice(before).filter((line) => line.startsWith("PUT ") && line.includes("partNumber="));
    expect(parts).toHaveLength(3);
    const stored = await images.get("ws_01/2026-11-26/job_02/0-big.png");
    expect(stored!.bytes.byteLength).toBe(big.byteLength);
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(big))).toBe(true);
    expect(await images.head("ws_01/2026-11-26/job_02/0-big.png")).toMatchObject({
      contentType: "image/png",
      cacheControl: "public, max-age=31536000, immutable",
      metadata: { "job-id": "job_02" },
    });
  });

  it("hands out presigned URLs that s3rver accepts until they expire", async () => {
    const images = storage({ signedUrlTtlSeconds: 3600 });
    const { url } = await images.put(KEY, png, "image/png");
    expect(url.startsWith(`${s3.endpoint}/${BUCKET}/images/${KEY}?`)).toBe(true);
    expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("3600");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect((await fetch(images.urlFor(KEY, { private: true }))).status).toBe(200);

    // s3rver checks the parameters, the key id and the expiry (not the V4 signature itself, which
    // the unit tests hold to AWS's example and the SDK's presigner). Signed two hours ago with a
    // one-hour lifetime:
    const past = new TestClock(Date.now() - 2 * 3600_000);
    expect((await fetch(storage({ signedUrlTtlSeconds: 3600, clock: past }).urlFor(KEY))).status).toBe(403);

    expect(new URL(storage({ signedUrlTtlSeconds: 30 * 24 * 3600 }).urlFor(KEY)).searchParams.get("X-Amz-Expires")).toBe("604800");
  });

  it("signs with credentials from the default chain once ready() has loaded them", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
    try {
      const images = storage({ credentials: undefined });
      expect(() => images.urlFor(KEY)).toThrow(expect.objectContaining({ code: "STORAGE_NOT_READY" }));
      await images.ready();
      await images.put(KEY, png, "image/png");
      expect((await fetch(images.urlFor(KEY))).status).toBe(200);
    } finally {
      for (const [name, value] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("wraps S3 failures in a coded error instead of calling a missing bucket empty", async () => {
    const missing = storage({ bucket: "no-such-bucket" });
    await expect(missing.put(KEY, png, "image/png")).rejects.toMatchObject({ code: "STORAGE_ERROR", message: expect.stringMatching(/NoSuchBucket/) });
    await expect(missing.get(KEY)).rejects.toBeInstanceOf(CodedError);
  });

  it("builds virtual-hosted object URLs for AWS itself", () => {
    const aws = createS3Storage({
      bucket: BUCKET,
      region: "eu-west-1",
      checksums: "WHEN_SUPPORTED",
      prefix: "images",
      credentials: S3RVER_CREDENTIALS,
    });
    storages.push(aws);
    expect(aws.urlFor(KEY).startsWith(`https://${BUCKET}.s3.eu-west-1.amazonaws.com/images/${KEY}?X-Amz-Algorithm=AWS4-HMAC-SHA256&`)).toBe(true);
    expect(aws.publicUrls).toBe(true);
  });
});

describe("CloudFront URLs", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const clock = new TestClock(Date.UTC(2026, 10, 26, 12, 0, 0));
  const cloudfront = { domain: "d111111abcdef8.cloudfront.net", keyPairId: "K2JCJMDEHXQW5F", privateKey, ttlSeconds: 3600 };

  /** CloudFront's URL-safe base64 (+ = / written as - _ ~) back to standard base64. */
  const fromCloudFrontBase64 = (value: string) => Buffer.from(value.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

  /** Checks a canned-policy signature the way CloudFront does, with the distribution's public key. */
  function verifySignedUrl(signedUrl: string, resource: string) {
    const url = new URL(signedUrl);
    const expires = Number(url.searchParams.get("Expires"));
    const policy = JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
    const signature = fromCloudFrontBase64(url.searchParams.get("Signature")!);
    return { expires, keyPairId: url.searchParams.get("Key-Pair-Id"), valid: verify("RSA-SHA1", Buffer.from(policy), publicKey, signature) };
  }

  it("serves public images at https://<domain>/<prefix><key>", async () => {
    const images = storage({ cloudfront, clock });
    const { url } = await images.put(KEY, png, "image/png");
    expect(url).toBe(`https://d111111abcdef8.cloudfront.net/images/${KEY}`);
    expect(images.urlFor(KEY)).toBe(url);
  });

  it("signs private image URLs with the key pair, valid for the configured lifetime", async () => {
    const images = storage({ cloudfront, clock });
    const { url } = await images.put(KEY, png, "image/png", { private: true });
    const resource = `https://d111111abcdef8.cloudfront.net/images/${KEY}`;
    expect(url.startsWith(`${resource}?`)).toBe(true);

    const checked = verifySignedUrl(url, resource);
    expect(checked).toEqual({ expires: clock.now() / 1000 + 3600, keyPairId: "K2JCJMDEHXQW5F", valid: true });
    // The signature covers the resource: the same signature does not fit another image.
    expect(verifySignedUrl(url, `https://d111111abcdef8.cloudfront.net/images/other.png`).valid).toBe(false);
    expect(verifySignedUrl(images.urlFor(KEY, { private: true }), resource).valid).toBe(true);
  });

  it("percent-encodes key segments and signs the encoded URL", () => {
    const url = storage({ cloudfront, clock }).urlFor("ws 1/a+b.png", { private: true });
    expect(verifySignedUrl(url, "https://d111111abcdef8.cloudfront.net/images/ws%201/a%2Bb.png").valid).toBe(true);
  });

  it("refuses half a signing configuration", () => {
    expect(() => storage({ cloudfront: { ...cloudfront, privateKey: undefined } })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringMatching(/CLOUDFRONT_PRIVATE_KEY/) }),
    );
  });
});
