export type {
  AppRegistrationRecord,
  ClientSecretRecord,
  BearerTokenRecord,
  DirectoryProjectionTarget,
  DirectoryReadModel,
  GroupRef,
  GroupRow,
  JsonObject,
  ListQuery,
  ListResult,
  MemberRow,
  ReadModelAdapter,
  ResourceType,
  SortOrder,
  TenantGroupRecord,
  TenantProfileRecord,
  TenantTokenRecord,
  UserRow,
} from './read-model.port.js';
export { InvalidFilterError, InvalidSortError } from './read-model.errors.js';
export {
  openSqliteReadModel,
  SqliteReadModel,
  type SqliteReadModelOptions,
} from './sqlite/sqlite-read-model.js';
export { readModelSchemaVersion } from './sqlite/read-model.schema.js';
export {
  openConfiguredReadModel,
  type OpenReadModelOptions,
  type ReadModelLocation,
} from './open-configured-read-model.js';
export {
  openPostgresReadModel,
  PostgresReadModel,
  type PostgresReadModelOptions,
} from './postgres/postgres-read-model.js';
export { defaultReadModelSchema } from './postgres/postgres.schema.js';
export {
  PostgresSchemaSwap,
  RebuildInProgressError,
  type SchemaSwapOptions,
} from './postgres/schema-swap.js';
