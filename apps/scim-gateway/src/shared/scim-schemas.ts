import { SchemaRegistry } from '#scim';

/**
 * The schemas the gateway serves. Per-tenant custom extensions arrive with tenant configuration
 * (a later step); until then every tenant shares core User, Enterprise User and Group.
 */
export const scimSchemas = new SchemaRegistry();
