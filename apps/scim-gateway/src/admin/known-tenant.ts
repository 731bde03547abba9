import type { QueryBus } from '@nestjs/cqrs';
import { isValidTenantId } from '#directory';
import { ScimError } from '#scim';
import { GetTenantQuery } from '../tenants/get-tenant/get-tenant.query.js';

/** The one answer of every admin route to a tenant that does not exist. */
export function noSuchTenant(id: string): ScimError {
  return new ScimError(404, `No tenant "${id}"; create it with POST /admin/tenants first`);
}

/** An id that cannot be a tenant's is answered like an unknown one, without a store read. */
export function knownTenantId(id: string): string {
  if (!isValidTenantId(id)) throw noSuchTenant(id);
  return id;
}

/** Answers 404 unless `id` names a registered tenant. */
export async function requireTenant(queries: QueryBus, id: string): Promise<void> {
  const known = isValidTenantId(id) && (await queries.execute(new GetTenantQuery(id)));
  if (!known) throw noSuchTenant(id);
}
