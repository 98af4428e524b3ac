import { createRequire } from "node:module";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tempDir } from "./temp-dir.ts";

/** The part of s3rver 3.x we use; it ships no type declarations. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: Server;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

/** s3rver's built-in account; it checks request signatures against this key. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/**
 * An S3-compatible server on 127.0.0.1 with a random port and a fresh directory, with `buckets`
 * created. `requests` lists "METHOD /path?query" for every request it received.
 */
export async function startS3rver(buckets: string[]): Promise<{ endpoint: string; requests: string[]; close: () => Promise<void> }> {
  const dir = tempDir("pixorly-s3rver-");
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: dir.path,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const requests: string[] = [];
  server.httpServer.on("request", (request: { method?: string; url?: string }) => requests.push(`${request.method} ${request.url}`));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.httpServer.closeAllConnections();
      await server.close();
      dir.remove();
    },
  };
}
