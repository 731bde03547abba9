export { ConfigError, loadConfig, type ServiceConfig } from './config.js';
export { uuidv7 } from './uuid-v7.js';
