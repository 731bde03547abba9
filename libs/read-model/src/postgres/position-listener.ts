import pg from 'pg';
import { PositionWaiters } from '../sql/position-waiters.js';

/**
 * `waitForPosition` across processes. Projector commits anywhere NOTIFY the channel with the new
 * checkpoint; one dedicated connection LISTENs while someone waits. Polling the checkpoint at a
 * modest interval covers what a notification cannot: a listener that lost its connection, or a
 * commit that landed while it was connecting.
 */
export class PositionListener {
  readonly waiters = new PositionWaiters();
  private listener: Promise<pg.Client> | undefined;
  private poller: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly channel: string,
    private readonly readPosition: () => Promise<number>,
    private readonly pollMs: number,
  ) {}

  async wait(position: number, timeoutMs: number): Promise<boolean> {
    const reached = this.waiters.wait(position, timeoutMs);
    this.listen();
    this.startPolling();
    // Checked after the waiter is registered, so a commit between the two is not missed.
    this.waiters.reached(await this.readPosition());
    return reached;
  }

  async close(): Promise<void> {
    this.stopPolling();
    this.waiters.cancelAll();
    const listener = this.listener;
    this.listener = undefined;
    if (listener !== undefined) await (await listener.catch(() => undefined))?.end();
  }

  private listen(): void {
    if (this.listener !== undefined) return;
    const client = new pg.Client(this.connection);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.waiters.reached(Number(message.payload));
    });
    // A broken listener is dropped; the next wait opens another, and polling covers the gap.
    client.on('error', () => {
      this.listener = undefined;
      client.end().catch(() => undefined);
    });
    this.listener = client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      .then(() => client);
    this.listener.catch(() => {
      this.listener = undefined;
    });
  }

  private startPolling(): void {
    if (this.poller !== undefined) return;
    this.poller = setInterval(() => {
      this.readPosition()
        .then((position) => this.waiters.reached(position))
        .catch(() => undefined)
        .finally(() => {
          if (this.waiters.size === 0) this.stopPolling();
        });
    }, this.pollMs);
    this.poller.unref();
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }
}
