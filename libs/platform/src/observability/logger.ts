import { pino, type DestinationStream, type Logger } from 'pino';
import { currentLogContext } from './log-context.js';
import { textLineOf } from './text-format.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** `json`: one JSON object per line (for a log pipeline); `text`: one readable line (a terminal). */
export type LogFormat = 'json' | 'text';
export const logFormats: readonly LogFormat[] = ['json', 'text'];

export interface LoggerOptions {
  /** `scim-gateway`, `directory-projector`, ...: the `service` field of every line. */
  readonly service: string;
  readonly level: LogLevel;
  readonly format?: LogFormat;
  /** Where lines go; stdout unless a test captures them. */
  readonly destination?: DestinationStream;
}

/** The service's logger (pino). */
export type ServiceLogger = Logger;

/**
 * Field names whose values never reach a log line, at the top level, one level down (`{ headers:
 * { authorization } }`) and two (`{ req: { headers: { cookie } } }`).
 */
const secretFields = ['authorization', 'cookie', 'password', 'clientSecret', 'token'];
const redactedPaths = secretFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * The service's logger: pino on stdout, with the request's log context (correlation id, tenant,
 * request id, caller) merged into every line written inside `withLogContext`.
 */
export function createLogger({
  service,
  level,
  format = 'json',
  destination,
}: LoggerOptions): Logger {
  // Synchronous writes: a line logged just before process.exit is not lost, and lines stay in
  // order with the plain stdout lines users read (the "SCIM service ready" line).
  const sink = destination ?? pino.destination({ fd: 1, sync: true });
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentLogContext() }),
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    format === 'text' ? textDestination(sink) : sink,
  );
}

/** Rewrites each JSON line pino produces as one human-readable line. */
function textDestination(sink: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      sink.write(`${textLineOf(JSON.parse(line) as Record<string, unknown>)}\n`);
    },
  };
}
