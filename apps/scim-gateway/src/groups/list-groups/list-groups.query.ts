import { Query } from '@nestjs/cqrs';
import type { ListQuery } from '#read-model';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimGroup } from '../group-resource.js';

/** SCIM GET /Groups with filter and paging. */
export class ListGroupsQuery extends Query<{ totalResults: number; resources: ScimGroup[] }> {
  constructor(
    readonly caller: ScimCaller,
    readonly query: ListQuery,
    readonly withMembers: boolean,
  ) {
    super();
  }
}
