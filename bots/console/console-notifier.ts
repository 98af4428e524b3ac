import { isTerminal } from "../../core/domain/job.ts";
import { parametersText, statusText } from "../../core/commands/render-text.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";

/**
 * Prints job changes to stdout. A state is printed once, however often it is delivered, and a
 * finished job prints its image URLs and the files' paths on disk.
 */
export class ConsoleNotifier implements Notifier {
  readonly platform = "console";
  private readonly printed = new Map<string, string>();

  private readonly write: (text: string) => void;
  private readonly storage: ObjectStorage;
  private readonly onSettled: (view: JobView) => void;

  constructor(
    write: (text: string) => void,
    storage: ObjectStorage,
    onSettled: (view: JobView) => void,
  ) {
    this.write = write;
    this.storage = storage;
    this.onSettled = onSettled;
  }

  async deliver(view: JobView): Promise<void> {
    const { job } = view;
    const line = statusText(view);
    if (this.printed.get(job.id) === line) return;
    this.printed.set(job.id, line);
    const out = [`[${job.id}] ${line}`];
    if (job.status === "completed") {
      out.push(`  "${job.prompt}" · ${parametersText(view)}`);
      for (const image of view.images) {
        out.push(`  ${imageUrl(this.storage, image)}`);
        const path = this.storage.localPath?.(image.storageKey);
        if (path) out.push(`  ${path}`);
      }
    }
    this.write(out.join("\n") + "\n");
    if (isTerminal(job.status)) this.onSettled(view);
  }
}
