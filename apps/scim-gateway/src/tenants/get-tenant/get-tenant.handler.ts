import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel, TenantProfileRecord } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { GetTenantQuery } from './get-tenant.query.js';

@QueryHandler(GetTenantQuery)
export class GetTenantHandler implements IQueryHandler<
  GetTenantQuery,
  TenantProfileRecord | undefined
> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ tenantId }: GetTenantQuery): Promise<TenantProfileRecord | undefined> {
    return this.readModel.tenantProfile(tenantId);
  }
}
