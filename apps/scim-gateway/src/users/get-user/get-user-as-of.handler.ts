import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DomainError, isExistingUser, scimActiveOf } from '#directory';
import type { EventStore } from '#event-store';
import { type HistoryPoint, userAt } from '#history';
import { EVENT_STORE } from '../../shared/injection-tokens.js';
import type { ScimCaller } from '../../shared/request-context.js';
import { type ScimUser, toScimUser } from '../user-resource.js';

/**
 * SCIM GET /Users/{id}?asOf=…: the user as it was then, replayed from its stream; undefined when
 * it did not exist then (not yet provisioned, or already deleted). `groups` is left out: it is
 * derived from every group's history, which one request does not replay.
 */
export class GetUserAsOfQuery extends Query<ScimUser | undefined> {
  constructor(
    readonly caller: ScimCaller,
    readonly userId: string,
    readonly asOf: HistoryPoint,
  ) {
    super();
  }
}

@QueryHandler(GetUserAsOfQuery)
export class GetUserAsOfHandler implements IQueryHandler<GetUserAsOfQuery, ScimUser | undefined> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caller, userId, asOf }: GetUserAsOfQuery): Promise<ScimUser | undefined> {
    const at = await userAt(this.store, caller.tenant, userId, asOf);
    if (!isExistingUser(at.state)) return undefined;
    // An erased user's past states hold stand-ins, not what was recorded: nothing to show.
    if (at.personalDataErased)
      throw new DomainError(
        'user_not_found',
        `The personal data of user ${userId} were erased on request; its past states can no longer be shown. The audit history still lists what happened to it.`,
      );
    return toScimUser(
      {
        id: userId,
        userName: at.state.userName,
        active: scimActiveOf(at.state),
        attributes: at.state.attributes,
        revision: at.revision,
        created: at.created,
        lastModified: at.lastModified,
      },
      caller.baseUrl,
    );
  }
}
