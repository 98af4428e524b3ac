const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * A spinner on the last terminal line while jobs run. Printed output clears it first and
 * redraws it after, so results never interleave with the spinner.
 */
export class ProgressLine {
  private frame = 0;
  private running = 0;
  /** Whether the spinner is on screen, so an idle terminal is never written to. */
  private shown = false;
  private readonly timer: NodeJS.Timeout;

  private readonly out: NodeJS.WritableStream;

  constructor(out: NodeJS.WritableStream) {
    this.out = out;
    this.timer = setInterval(() => this.draw(), 100);
    this.timer.unref();
  }

  update(running: number): void {
    this.running = running;
    this.draw();
  }

  print(text: string): void {
    this.clear();
    this.out.write(text);
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.shown) this.out.write("\r\x1b[2K");
    this.shown = false;
  }

  private draw(): void {
    if (this.running === 0) return this.clear();
    this.frame = (this.frame + 1) % FRAMES.length;
    this.out.write(`\r\x1b[2K${FRAMES[this.frame]} ${this.running} job(s) in progress`);
    this.shown = true;
  }
}
