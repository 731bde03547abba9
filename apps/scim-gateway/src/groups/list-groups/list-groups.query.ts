import { Query } from '@nestjs/cqrs';
import type { ListQuery } from '#read-model';
import type { MemberRendering } from '../../shared/list-query.js';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimGroup } from '../group-resource.js';

/** SCIM GET /Groups with filter and paging, and `POST /Groups/.search`. */
export class ListGroupsQuery extends Query<{ totalResults: number; resources: ScimGroup[] }> {
  constructor(
    readonly caller: ScimCaller,
    readonly query: ListQuery,
    readonly members: MemberRendering,
  ) {
    super();
  }
}
