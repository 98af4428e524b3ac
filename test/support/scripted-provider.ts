import type { GenerateInput, GenerateOutput, ImageProvider } from "../../core/ports/image-provider.ts";
import type { ProviderId } from "../../core/domain/models.ts";

/** A tiny valid PNG header is enough for storage; the engine never decodes images. */
export const FAKE_PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

export type Step =
  | { images: number }
  | { error: Error }
  /** Never answers until aborted (a hung provider, a crashed worker). */
  | { hang: true }
  | ((input: GenerateInput) => Promise<GenerateOutput>);

/**
 * The provider is the network edge, so engine tests script it: each call takes the next step
 * (the last one repeats). Records every call.
 */
export class ScriptedProvider implements ImageProvider {
  readonly calls: GenerateInput[] = [];
  private readonly steps: Step[];

  readonly id: ProviderId;

  constructor(
    id: ProviderId,
    steps: Step[] = [{ images: 99 }],
  ) {
    this.id = id;
    this.steps = [...steps];
  }

  script(...steps: Step[]): void {
    this.steps.splice(0, this.steps.length, ...steps);
  }

  async generate(input: GenerateInput): Promise<GenerateOutput> {
    this.calls.push(input);
    const step = this.steps.length > 1 ? this.steps.shift()! : this.steps[0]!;
    if (typeof step === "function") return step(input);
    if ("error" in step) throw step.error;
    if ("hang" in step) {
      return new Promise((_, reject) => {
        input.signal.throwIfAborted();
        input.signal.addEventListener("abort", () => reject(input.signal.reason as Error), { once: true });
      });
    }
    const n = Math.min(step.images, input.count);
    return {
      images: Array.from({ length: n }, () => ({ bytes: FAKE_PNG, contentType: "image/png" as const, width: input.width, height: input.height })),
      costUsd: 0.01,
    };
  }
}
