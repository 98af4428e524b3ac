/**
 * Discord refuses edits of an interaction's reply until the reply exists, but a worker in this
 * process can finish a job before the transport has sent the reply (a fast provider, a
 * duplicate). Transports open the gate when an interaction arrives and close it once the
 * response is sent; edits for that interaction wait for it here. Interactions this process
 * never saw pass straight through.
 */
export class AckGate {
  private readonly pending = new Map<string, { done: Promise<void>; release: () => void }>();

  open(interactionId: string): void {
    if (this.pending.has(interactionId)) return;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.pending.set(interactionId, { done, release });
  }

  /** Called whether the response went out or failed: waiting longer would not help. */
  acked(interactionId: string): void {
    this.pending.get(interactionId)?.release();
    this.pending.delete(interactionId);
  }

  /** Bounded by Discord's 3-second response window: after that the reply exists or never will. */
  async wait(interactionId: string, timeoutMs = 3_000): Promise<void> {
    const entry = this.pending.get(interactionId);
    if (!entry) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([entry.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
