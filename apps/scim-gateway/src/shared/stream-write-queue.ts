import { Injectable } from '@nestjs/common';

/**
 * Serialises decisions on the same stream within this process. Concurrent requests for one group
 * (an IdP pushing twenty member adds at once) then decide one after another on fresh state
 * instead of racing and burning their conflict retries; retries remain for writers in other
 * processes. Different streams never wait for each other.
 */
@Injectable()
export class StreamWriteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }
}
