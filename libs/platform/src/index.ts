export { ConfigError, loadConfig, type ServiceConfig } from './config.js';
