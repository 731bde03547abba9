import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DirectoryReadModel, TenantTokenRecord } from '#read-model';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import { ListTokensQuery } from './list-tokens.query.js';

@QueryHandler(ListTokensQuery)
export class ListTokensHandler implements IQueryHandler<
  ListTokensQuery,
  TenantTokenRecord[] | undefined
> {
  constructor(@Inject(READ_MODEL) private readonly readModel: DirectoryReadModel) {}

  async execute({ tenantId }: ListTokensQuery): Promise<TenantTokenRecord[] | undefined> {
    if (!(await this.readModel.tenantExists(tenantId))) return undefined;
    return this.readModel.tenantTokens(tenantId);
  }
}
