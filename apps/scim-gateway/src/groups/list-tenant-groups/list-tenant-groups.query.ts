import { Query } from '@nestjs/cqrs';
import type { TenantGroupRecord } from '#read-model';

/** Every group of a tenant, local and SCIM, for the admin API. */
export class ListTenantGroupsQuery extends Query<TenantGroupRecord[]> {
  constructor(readonly tenant: string) {
    super();
  }
}

/** One group of a tenant, local or SCIM, with its member ids; undefined when absent. */
export class GetTenantGroupQuery extends Query<
  (TenantGroupRecord & { readonly members: string[] }) | undefined
> {
  constructor(
    readonly tenant: string,
    readonly groupId: string,
  ) {
    super();
  }
}
