import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { CredentialSnapshot, type Identity } from "../../../core/storage/credential-snapshot.ts";
import { encodeKeyPath } from "../../../core/storage/encode-key-path.ts";
import { presignGetObjectUrl } from "../../../core/storage/s3-presign.ts";
import { TestClock } from "../../support/test-clock.ts";

/** The example in S3's "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)". */
const AWS_EXAMPLE = {
  objectUrl: "https://examplebucket.s3.amazonaws.com/test.txt",
  region: "us-east-1",
  credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  now: Date.UTC(2013, 4, 24, 0, 0, 0),
  expiresInSeconds: 86_400,
};

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** The SDK's Hash interface over node:crypto, which the reference presigner needs. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

describe("presignGetObjectUrl", () => {
  it("reproduces AWS's published example signature", () => {
    expect(presignGetObjectUrl(AWS_EXAMPLE)).toBe(
      "https://examplebucket.s3.amazonaws.com/test.txt" +
        "?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    );
  });

  it("matches the AWS SDK's presigner for a path-style endpoint with a port and temporary credentials", async () => {
    const credentials = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret/with+chars", sessionToken: "FwoGZXIvYXdzE/token+=" };
    const now = Date.UTC(2026, 10, 26, 12, 34, 56);
    const path = "/pixorly-images/images/ws_01/2026-11-26/job%2001/0-k3y.png";
    const ours = presignGetObjectUrl({ objectUrl: `http://127.0.0.1:4568${path}`, region: "eu-central-1", credentials, now, expiresInSeconds: 3600 });
    // Keeping X-Amz-Content-Sha256 out of the query makes the SDK sign exactly as AWS's example does.
    const reference = await new S3RequestPresigner({ region: "eu-central-1", credentials, sha256: NodeSha256 }).presign(
      { method: "GET", protocol: "http:", hostname: "127.0.0.1", port: 4568, path, headers: { host: "127.0.0.1:4568" }, query: {} },
      {
        signingDate: new Date(now),
        expiresIn: 3600,
        unhoistableHeaders: new Set(["x-amz-content-sha256"]),
        unsignableHeaders: new Set(["x-amz-content-sha256"]),
      },
    );
    expect(ours.startsWith(`http://127.0.0.1:4568${path}?`)).toBe(true);
    expect(Object.fromEntries(new URL(ours).searchParams)).toEqual(reference.query);
  });

  it("signs the session token of temporary credentials", () => {
    const withToken = (sessionToken: string) =>
      new URL(presignGetObjectUrl({ ...AWS_EXAMPLE, credentials: { ...AWS_EXAMPLE.credentials, sessionToken } }));
    const first = withToken("token/one+=");
    expect(first.searchParams.get("X-Amz-Security-Token")).toBe("token/one+=");
    expect(first.search).toContain("X-Amz-Security-Token=token%2Fone%2B%3D");
    expect(first.searchParams.get("X-Amz-Signature")).not.toBe(withToken("token-two").searchParams.get("X-Amz-Signature"));
  });
});

describe("encodeKeyPath", () => {
  it("encodes each segment the RFC 3986 way and keeps the slashes", () => {
    expect(encodeKeyPath("ws 1/2026-11-26/a+b(1)!.png")).toBe("ws%201/2026-11-26/a%2Bb%281%29%21.png");
  });
});

describe("CredentialSnapshot", () => {
  const identity = (id: string, expiresAt?: number): Identity => ({
    accessKeyId: id,
    secretAccessKey: "secret",
    ...(expiresAt === undefined ? {} : { expiration: new Date(expiresAt) }),
  });

  it("starts empty without static keys and fills from the provider, asking once for concurrent refreshes", async () => {
    const clock = new TestClock();
    let calls = 0;
    const snapshot = new CredentialSnapshot(async () => identity(`key-${++calls}`), clock, null);
    expect(snapshot.current()).toBeNull();
    await Promise.all([snapshot.refresh(), snapshot.refresh()]);
    expect(calls).toBe(1);
    expect(snapshot.current()?.accessKeyId).toBe("key-1");
  });

  it("renews temporary credentials in the background shortly before they expire", async () => {
    const clock = new TestClock();
    const issued: Identity[] = [identity("old", clock.now() + 60 * 60_000), identity("new", clock.now() + 2 * 60 * 60_000)];
    const snapshot = new CredentialSnapshot(async () => issued.shift()!, clock, null);
    await snapshot.refresh();
    expect(snapshot.current()?.accessKeyId).toBe("old");
    expect(issued).toHaveLength(1);

    clock.advance(56 * 60_000);
    // Still valid for four minutes: handed out while the renewal runs.
    expect(snapshot.current()?.accessKeyId).toBe("old");
    await new Promise((resolve) => setImmediate(resolve));
    expect(snapshot.current()?.accessKeyId).toBe("new");
  });

  it("keeps static keys without asking the provider", () => {
    const snapshot = new CredentialSnapshot(() => Promise.reject(new Error("must not be asked")), new TestClock(), identity("static"));
    expect(snapshot.current()?.accessKeyId).toBe("static");
  });
});
