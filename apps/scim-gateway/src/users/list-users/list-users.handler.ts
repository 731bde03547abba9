import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type DirectoryReadModel, InvalidFilterError } from '#read-model';
import { ScimError } from '#scim';
import { READ_MODEL } from '../../shared/injection-tokens.js';
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
  }: ListUsersQuery): Promise<{ totalResults: number; resources: ScimUser[] }> {
    try {
      const { totalResults, rows } = await this.readModel.listUsers(caller.tenant, query);
      const resources: ScimUser[] = [];
      for (const row of rows) {
        resources.push(
          toScimUser(row, caller.baseUrl, await this.readModel.groupsOfUser(caller.tenant, row.id)),
        );
      }
      return { totalResults, resources };
    } catch (error) {
      if (error instanceof InvalidFilterError)
        throw new ScimError(400, error.message, 'invalidFilter');
      throw error;
    }
  }
}
