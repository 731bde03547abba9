/**
 * A progress bar on stderr for long commands: redrawn in place on a terminal, a line every few
 * seconds otherwise (a log file, CI), so stdout stays clean for the command's output.
 */
export class Progress {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total?: number): void {
    const now = Date.now();
    if (now - this.lastDraw < (this.out.isTTY ? 100 : 2000)) return;
    this.lastDraw = now;
    const line = this.describe(done, total);
    if (this.out.isTTY) this.out.write(`\r${line}\u001b[K`);
    else this.out.write(`${line}\n`);
  }

  /** Ends the bar with a summary line. */
  done(summary: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.out.write(
      `${this.out.isTTY ? '\r\u001b[K' : ''}${this.label}: ${summary} in ${seconds} s\n`,
    );
  }

  private describe(done: number, total: number | undefined): string {
    const count = done.toLocaleString('en');
    if (total === undefined || total <= 0) return `${this.label}: ${count}`;
    const share = Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(share * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    return `${this.label} [${bar}] ${Math.floor(share * 100)}% ${count}/${total.toLocaleString('en')}`;
  }
}
