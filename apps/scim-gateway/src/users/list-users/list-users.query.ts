import { Query } from '@nestjs/cqrs';
import type { ListQuery } from '#read-model';
import type { ScimCaller } from '../../shared/request-context.js';
import type { ScimUser } from '../user-resource.js';

/** SCIM GET /Users with filter and paging, and `POST /Users/.search`. */
export class ListUsersQuery extends Query<{ totalResults: number; resources: ScimUser[] }> {
  constructor(
    readonly caller: ScimCaller,
    readonly query: ListQuery,
    /** False when the response leaves `groups` out (`returns(params, 'groups')`): not read then. */
    readonly withGroups: boolean = true,
  ) {
    super();
  }
}
