import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel, GroupRef } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { asScimQueryError } from '../../shared/list-query.js';
import { type ScimUser, toScimUser } from '../user-resource.js';
import { ListUsersQuery } from './list-users.query.js';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<
  ListUsersQuery,
  { totalResults: number; resources: ScimUser[] }
> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({
    caller,
    query,
    withGroups,
  }: ListUsersQuery): Promise<{ totalResults: number; resources: ScimUser[] }> {
    const { totalResults, rows } = await this.readModel
      .listUsers(caller.tenant, { ...query, baseUrl: caller.baseUrl })
      .catch(asScimQueryError);
    // The `groups` of the whole page in one query, not one per user.
    const groups: ReadonlyMap<string, GroupRef[]> = withGroups
      ? await this.readModel.groupsOfUsers(
          caller.tenant,
          rows.map((row) => row.id),
        )
      : new Map();
    const resources = rows.map((row) => toScimUser(row, caller.baseUrl, groups.get(row.id)));
    return { totalResults, resources };
  }
}
