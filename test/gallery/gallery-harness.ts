import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { mountGallery } from "../../bots/gallery/mount-gallery.ts";
import type { Job } from "../../core/domain/job.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { engineHarness } from "../support/engine-harness.ts";
import { tempDir } from "../support/temp-dir.ts";

export const CHANNEL = "discord:w1/c1";

/**
 * A real engine (SQLite, local disk, the offline renderer, so images are real PNGs a browser
 * can decode) behind the product's HTTP server with the gallery mounted on 127.0.0.1.
 */
export async function galleryHarness(options: { pageSize?: number } = {}) {
  const dir = tempDir("pixorly-gallery-");
  let base = "";
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => base });
  const h = await engineHarness({ storage, providers: new Map([["local", createLocalProvider()]]), defaultPlan: "ENTERPRISE" });
  const logger = createLogger({ level: "silent", format: "json" });
  const http = createHttpServer({ logger, storage });
  mountGallery({ http, engine: h.engine, storage, pageSize: options.pageSize });
  const { port } = await http.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
  h.engine.start();

  /** Submits through the engine, as a bot would, and waits for the job to complete. */
  async function complete(prompt: string, extra: { private?: boolean; count?: number } = {}): Promise<Job> {
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: null,
      channelKey: CHANNEL,
      replyTarget: null,
      request: { prompt, private: extra.private, count: extra.count },
    });
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code}`);
    const job = await h.settled(submitted.value.job.id);
    if (job.status !== "completed") throw new Error(`job ${job.id} ended ${job.status}: ${job.errorCode}`);
    return job;
  }

  /** The channel collection, named as the bot names it, and its share token. */
  async function channelGallery(name = "#art") {
    const { collection, shareToken } = await h.engine.collectionPage(h.actor(), CHANNEL, name, 1);
    if (!shareToken) throw new Error("the channel collection has no share token");
    return { collection, shareToken, url: `${base}/c/${shareToken}` };
  }

  return {
    ...h,
    storage,
    base,
    complete,
    channelGallery,
    async cleanup() {
      await http.close();
      await h.cleanup();
      dir.remove();
    },
  };
}

export type GalleryHarness = Awaited<ReturnType<typeof galleryHarness>>;
