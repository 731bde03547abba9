// Operations instrumentation: structured logs with correlation ids, Prometheus metrics,
// OpenTelemetry tracing hooks.
export { currentLogContext, withLogContext, type LogContext } from './log-context.js';
export {
  createLogger,
  logFormats,
  type LoggerOptions,
  type LogFormat,
  type LogLevel,
  type ServiceLogger,
} from './logger.js';
export { countingAppends } from './counting-appends.js';
export { NestPinoLogger } from './nest-pino-logger.js';
export {
  ServiceMetrics,
  type HttpObservation,
  type ServiceMetricsOptions,
  type SubscriptionPosition,
} from './service-metrics.js';
export {
  CORRELATION_ID_HEADER,
  installHttpObservability,
  requestIdOf,
  type HttpObservabilityOptions,
} from './http-observability.js';
export {
  extractTraceContext,
  inSpan,
  injectTraceHeaders,
  traceLinkOf,
  tracer,
  type InSpanOptions,
} from './tracing.js';
export { observeService, type ServiceObservability } from './service-observability.js';
