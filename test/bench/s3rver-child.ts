/**
 * s3rver in its own process, so the S3 bench measures only the product's memory. Prints the
 * endpoint as one JSON line, then serves until its stdin closes.
 */
import { startS3rver } from "../support/s3rver.ts";

const server = await startS3rver(["pixorly-bench"]);
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
