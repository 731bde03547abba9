import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { groupWithMembers } from '../group-members.js';
import type { ScimGroup } from '../group-resource.js';
import { GetGroupQuery } from './get-group.query.js';

@QueryHandler(GetGroupQuery)
export class GetGroupHandler implements IQueryHandler<GetGroupQuery, ScimGroup | undefined> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ caller, groupId, members }: GetGroupQuery): Promise<ScimGroup | undefined> {
    const row = await this.readModel.getGroup(caller.tenant, groupId);
    return row === undefined ? undefined : groupWithMembers(this.readModel, caller, row, members);
  }
}
