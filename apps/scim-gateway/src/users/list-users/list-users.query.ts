import { Query } from '@nestjs/cqrs';
import type { ListQuery } from '#read-model';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimUser } from '../user-resource.js';

/** SCIM GET /Users with filter and paging. */
export class ListUsersQuery extends Query<{ totalResults: number; resources: ScimUser[] }> {
  constructor(
    readonly caller: ScimCaller,
    readonly query: ListQuery,
  ) {
    super();
  }
}
