import { Query } from '@nestjs/cqrs';
import type { MemberRendering } from '../../shared/list-query.js';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimGroup } from '../group-resource.js';

/** SCIM GET /Groups/{id}; members are read only when they will be returned. */
export class GetGroupQuery extends Query<ScimGroup | undefined> {
  constructor(
    readonly caller: ScimCaller,
    readonly groupId: string,
    readonly members: MemberRendering,
  ) {
    super();
  }
}
