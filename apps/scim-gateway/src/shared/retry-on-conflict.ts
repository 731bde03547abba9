import { WrongExpectedRevisionError } from '#event-store';

/** A concurrent writer got there first and the client pinned the revision with If-Match. */
export class RevisionMismatch extends Error {
  override readonly name = 'RevisionMismatch';
}

/**
 * DESIGN decision 3: without If-Match, a write that lost a race is decided again on fresh state,
 * a bounded number of times, so concurrent member adds never lose an update.
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  isRetriable: (error: WrongExpectedRevisionError) => boolean,
  maxAttempts = 10,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || !isRetriable(error) || n >= maxAttempts)
        throw error;
      // Jitter spreads contending writers so most succeed on the next try.
      await new Promise((r) => setTimeout(r, Math.random() * 2 * n));
    }
  }
}
