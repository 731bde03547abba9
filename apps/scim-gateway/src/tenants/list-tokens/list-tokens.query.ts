import { Query } from '@nestjs/cqrs';
import type { TenantTokenRecord } from '#read-model';

/** The tenant's tokens, revoked and expired ones included; undefined for an unknown tenant. */
export class ListTokensQuery extends Query<TenantTokenRecord[] | undefined> {
  constructor(readonly tenantId: string) {
    super();
  }
}
