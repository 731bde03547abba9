import { Logger } from '@nestjs/common';
import type { ServiceConfig } from '../config.js';
import { createLogger, type ServiceLogger } from './logger.js';
import { NestPinoLogger } from './nest-pino-logger.js';
import { ServiceMetrics } from './service-metrics.js';

export interface ServiceObservability {
  readonly logger: ServiceLogger;
  readonly metrics: ServiceMetrics;
}

/**
 * A process's logger (LOG_LEVEL, LOG_FORMAT) and metrics, under its service name. Every
 * `new Logger(context)` of the codebase writes through it from here on, Nest's included.
 */
export function observeService(service: string, config: ServiceConfig): ServiceObservability {
  const logger = createLogger({ service, level: config.logLevel, format: config.logFormat });
  Logger.overrideLogger(new NestPinoLogger(logger));
  return { logger, metrics: new ServiceMetrics(service) };
}
