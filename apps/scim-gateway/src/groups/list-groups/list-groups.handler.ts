import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { asScimQueryError } from '../../shared/list-query.js';
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
    members,
  }: ListGroupsQuery): Promise<{ totalResults: number; resources: ScimGroup[] }> {
    const { totalResults, rows } = await this.readModel
      .listGroups(caller.tenant, { ...query, baseUrl: caller.baseUrl })
      .catch(asScimQueryError);
    // Members are streamed group by group (a group may hold 100,000); Entra and Okta list groups
    // with excludedAttributes=members, which reads none.
    const resources: ScimGroup[] = [];
    for (const row of rows)
      resources.push(await groupWithMembers(this.readModel, caller, row, members));
    return { totalResults, resources };
  }
}
