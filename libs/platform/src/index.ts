export {
  adminSignInEnabledBy,
  ConfigError,
  loadConfig,
  type AdminSignInConfig,
  type ServiceConfig,
} from './config.js';
export { uuidv7 } from './uuid-v7.js';
