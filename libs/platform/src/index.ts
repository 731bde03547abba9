export {
  adminSignInEnabledBy,
  ConfigError,
  loadConfig,
  type AdminSignInConfig,
  type KafkaConfig,
  type ServiceConfig,
} from './config.js';
export { uuidv7 } from './uuid-v7.js';
export {
  ProblemDetailsFilter,
  problemOf,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
} from './http/problem-details.filter.js';
export { requireBearerToken } from './http/bearer-token.js';
export { inTransaction, openDurableSqlite, withSecureDelete } from './durable-sqlite.js';
export {
  inPgTransaction,
  migrateOnce,
  openPostgresPool,
  type PgClient,
  type PgPool,
  type PostgresPoolOptions,
} from './postgres.js';
export * from './observability/index.js';
export {
  startServiceHttp,
  type ServiceHttp,
  type ServiceHttpOptions,
  type ServiceStatus,
} from './http/service-http.js';
export {
  hostSingleActive,
  type Election,
  type SingleActiveHost,
  type SingleActiveHostOptions,
  type WorkPosition,
} from './http/single-active-host.js';
