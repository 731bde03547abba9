import { isValidTenantId } from '#directory';
import { ScimError } from '#scim';

/** The one answer of every admin route to a tenant that does not exist. */
export function noSuchTenant(id: string): ScimError {
  return new ScimError(404, `No tenant "${id}"; create it with POST /admin/tenants first`);
}

/** An id that cannot be a tenant's is answered like an unknown one, without a store read. */
export function knownTenantId(id: string): string {
  if (!isValidTenantId(id)) throw noSuchTenant(id);
  return id;
}
