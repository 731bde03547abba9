import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '#event-store';
import { groupAt, type HistoryPoint } from '#history';
import { EVENT_STORE } from '../../shared/injection-tokens.js';
import type { MemberRendering } from '../../shared/list-query.js';
import type { ScimCaller } from '../../shared/request-context.js';
import { type ScimGroup, toScimGroup } from '../group-resource.js';

/**
 * SCIM GET /Groups/{id}?asOf=…: the group as it was then, replayed from its stream, with the
 * members it had then (without `display`: that is each member's own name at the time, which one
 * request does not replay). Undefined when SCIM did not see the group then.
 */
export class GetGroupAsOfQuery extends Query<ScimGroup | undefined> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly asOf: HistoryPoint,
    readonly members: MemberRendering,
  ) {
    super();
  }
}

@QueryHandler(GetGroupAsOfQuery)
export class GetGroupAsOfHandler implements IQueryHandler<
  GetGroupAsOfQuery,
  ScimGroup | undefined
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caller, groupId, asOf, members }: GetGroupAsOfQuery) {
    const at = await groupAt(this.store, caller.tenant, groupId, asOf, {
      withMembers: members !== 'none',
    });
    if (at.state.status !== 'present' || at.state.managedBy !== 'scim') return undefined;
    return toScimGroup(
      {
        id: groupId,
        displayName: at.state.displayName,
        attributes: at.state.attributes,
        revision: at.revision,
        created: at.created,
        lastModified: at.lastModified,
      },
      caller.baseUrl,
      at.members,
    );
  }
}
