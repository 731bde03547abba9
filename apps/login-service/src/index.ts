export {
  openSqliteAccountStore,
  SqliteAccountStore,
  type Account,
  type AccountChange,
  type AccountStatus,
  type AccountStore,
  type ApplyOutcome,
} from './account-store.js';
export { accountStatusHandler } from './account-status.handler.js';
export { LoginServiceModule, type LoginServiceOptions } from './login-service.module.js';
