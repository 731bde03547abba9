import { Query } from '@nestjs/cqrs';
import type { TenantProfileRecord } from '#read-model';

/** A tenant with its preset and extension schemas as the read model holds them, or undefined. */
export class GetTenantQuery extends Query<TenantProfileRecord | undefined> {
  constructor(readonly tenantId: string) {
    super();
  }
}
