import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type DirectoryReadModel, InvalidFilterError } from '#read-model';
import { ScimError } from '#scim';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { groupWithMembers } from '../group-members.js';
import type { ScimGroup } from '../group-resource.js';
import { ListGroupsQuery } from './list-groups.query.js';

@QueryHandler(ListGroupsQuery)
export class ListGroupsHandler implements IQueryHandler<
  ListGroupsQuery,
  { totalResults: number; resources: ScimGroup[] }
> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({
    caller,
    query,
    withMembers,
  }: ListGroupsQuery): Promise<{ totalResults: number; resources: ScimGroup[] }> {
    try {
      const { totalResults, rows } = await this.readModel.listGroups(caller.tenant, query);
      const resources: ScimGroup[] = [];
      for (const row of rows)
        resources.push(await groupWithMembers(this.readModel, caller, row, withMembers));
      return { totalResults, resources };
    } catch (error) {
      if (error instanceof InvalidFilterError)
        throw new ScimError(400, error.message, 'invalidFilter');
      throw error;
    }
  }
}
