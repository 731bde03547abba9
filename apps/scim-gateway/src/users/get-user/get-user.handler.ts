import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { type ScimUser, toScimUser } from '../user-resource.js';
import { GetUserQuery } from './get-user.query.js';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, ScimUser | undefined> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ caller, userId }: GetUserQuery): Promise<ScimUser | undefined> {
    const row = await this.readModel.getUser(caller.tenant, userId);
    if (row === undefined) return undefined;
    return toScimUser(
      row,
      caller.baseUrl,
      await this.readModel.groupsOfUser(caller.tenant, userId),
    );
  }
}
