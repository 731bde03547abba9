import { Inject, Injectable } from '@nestjs/common';
import {
  evolveUser,
  initialUserState,
  streams,
  upcast,
  type UserEvent,
  type UserState,
} from '#directory';
import type { EventStore } from '#event-store';
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

  async load(tenant: string, userId: string): Promise<LoadedUser> {
    let state = initialUserState;
    let revision = -1;
    let created = '';
    let lastModified = '';
    for await (const recorded of this.store.readStream(streams.user(tenant, userId))) {
      const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
        UserEvent | undefined;
      if (event !== undefined) state = evolveUser(state, event);
      if (revision < 0) created = recorded.metadata.occurredAt;
      lastModified = recorded.metadata.occurredAt;
      revision = recorded.revision;
    }
    return { state, revision, created, lastModified };
  }
}
