import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel, TenantGroupRecord } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { GetTenantGroupQuery, ListTenantGroupsQuery } from './list-tenant-groups.query.js';

@QueryHandler(ListTenantGroupsQuery)
export class ListTenantGroupsHandler implements IQueryHandler<
  ListTenantGroupsQuery,
  TenantGroupRecord[]
> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ tenant }: ListTenantGroupsQuery): Promise<TenantGroupRecord[]> {
    return this.readModel.tenantGroups(tenant);
  }
}

@QueryHandler(GetTenantGroupQuery)
export class GetTenantGroupHandler implements IQueryHandler<GetTenantGroupQuery> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ tenant, groupId }: GetTenantGroupQuery) {
    const group = await this.readModel.tenantGroup(tenant, groupId);
    if (group === undefined) return undefined;
    const members: string[] = [];
    for await (const member of this.readModel.groupMembers(tenant, groupId)) {
      members.push(member.value);
    }
    return { ...group, members };
  }
}
