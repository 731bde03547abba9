interface Waiter {
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Pending `waitForPosition` calls. Commits of the projector in this process call `reached`, so a
 * waiting request resumes on the commit itself rather than by polling.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(position: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(
          () => {
            this.waiters.delete(waiter);
            resolve(false);
          },
          Math.max(0, timeoutMs),
        ),
      };
      this.waiters.add(waiter);
    });
  }

  get size(): number {
    return this.waiters.size;
  }

  reached(position: number): void {
    for (const waiter of this.waiters) {
      if (waiter.position <= position) this.settle(waiter, true);
    }
  }

  cancelAll(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(reached);
  }
}
