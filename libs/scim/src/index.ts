export {
  ScimError,
  isScimError,
  toScimErrorBody,
  SCIM_ERROR_SCHEMA,
  type ScimType,
  type ScimErrorBody,
} from './errors/scim-error.js';

export type { JsonValue, JsonObject } from './json/json.js';

export {
  attribute,
  complex,
  multiValuedSet,
  type AttributeDefinition,
  type AttributeType,
  type Mutability,
  type Returned,
  type Uniqueness,
  type SchemaDefinition,
} from './schema/attribute-definition.js';
export { commonAttributes } from './schema/common-attributes.schema.js';
export { userSchema, USER_SCHEMA } from './schema/user.schema.js';
export { enterpriseUserSchema, ENTERPRISE_USER_SCHEMA } from './schema/enterprise-user.schema.js';
export {
  groupSchema,
  groupSchemaWith,
  GROUP_SCHEMA,
  type MemberDisplayReturned,
} from './schema/group.schema.js';
export {
  document360UserSchema,
  DOCUMENT360_USER_SCHEMA,
} from './schema/document360-user.schema.js';
export {
  SchemaRegistry,
  type AttributeResolver,
  type ResolvedAttribute,
  type ResourceTypeName,
  type SchemaExtension,
} from './schema/schema-registry.js';

export type { AttributePath, CompareOperator, Filter, FilterValue } from './filter/filter.ast.js';
export { EVERY_RESOURCE, NO_RESOURCE } from './filter/filter.ast.js';
export { parseFilter } from './filter/parse-filter.js';
export type { FilterParserOptions } from './filter/filter-parser.js';
export { toInstant } from './filter/filter-value.coerce.js';
export { matchesFilter, matchesElement } from './filter/match-filter.js';

export {
  applyPatch,
  applyUserPatch,
  applyGroupPatch,
  type PatchContext,
  type GroupPatchResult,
} from './patch/apply-patch.js';
export {
  parsePatchRequest,
  PATCH_OP_SCHEMA,
  type PatchOperation,
  type PatchOpName,
} from './patch/patch-request.parse.js';
export type { Member, MemberType, MemberChanges } from './patch/group-member-changes.js';

export {
  parseListParams,
  parseListParamsAcross,
  type ListParams,
  type ListOptions,
  type ListQuery,
  type QueryValue,
  type SortOrder,
} from './list/list-params.js';
export { listResponse, LIST_RESPONSE_SCHEMA, type ListResponse } from './list/list-response.js';
export { projectAttributes, type Projection } from './list/project-attributes.js';

export {
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  discoveryList,
  rejectDiscoveryFilter,
  type DiscoveryMeta,
} from './discovery/discovery-resource.js';
export {
  serviceProviderConfig,
  type ServiceProviderConfig,
  type ServiceProviderConfigOptions,
  type AuthenticationScheme,
} from './discovery/service-provider-config.js';
export {
  resourceTypes,
  resourceType,
  type ResourceTypeResource,
} from './discovery/resource-types.js';
export {
  schemaResources,
  schemaResource,
  attributeResource,
  type SchemaResource,
  type AttributeResource,
} from './discovery/schema-resources.js';
export { parseSearchRequest, SEARCH_REQUEST_SCHEMA } from './list/search-request.parse.js';

export { normaliseResource, type ResourceRules } from './resource/normalise-resource.js';
export type { ResourceInput } from './resource/resource-problems.js';
