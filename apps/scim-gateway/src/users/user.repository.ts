import { Inject, Injectable } from '@nestjs/common';
import type { UserState } from '#directory';
import type { EventStore } from '#event-store';
import { userAt } from '#history';
import { EVENT_STORE } from '../shared/injection-tokens.js';

export interface LoadedUser {
  readonly state: UserState;
  /** Revision of the stream's last event; -1 when the stream has none. */
  readonly revision: number;
  readonly created: string;
  readonly lastModified: string;
}

/** Loads a user's write-side state by replaying its stream (user streams stay short). */
@Injectable()
export class UserRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  load(tenant: string, userId: string): Promise<LoadedUser> {
    return userAt(this.store, tenant, userId);
  }
}
