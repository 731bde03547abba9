import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';

// The code depends on @opentelemetry/api only. Tracing is on when the process registers an SDK
// (NODE_OPTIONS=--import @opentelemetry/auto-instrumentations-node/register, OTEL_* variables);
// without one, every call below is a no-op that allocates next to nothing.

/** The project's tracer; a proxy that starts recording once an SDK is registered. */
export const tracer = trace.getTracer('scim-provisioning');

export interface InSpanOptions {
  readonly kind?: SpanKind;
  /** Spans this one follows from without being their child (the producers of a batch). */
  readonly links?: readonly Link[];
}

/**
 * Runs `fn` in a new active span: a thrown error is recorded on the span, which gets status
 * ERROR, and is rethrown. Success leaves the status unset, as the OpenTelemetry spec asks of
 * instrumentation.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  { kind, links }: InSpanOptions = {},
): Promise<T> {
  return tracer.startActiveSpan(
    name,
    { attributes, ...(kind === undefined ? {} : { kind }), links: links ? [...links] : [] },
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Adds the active span's W3C trace context (`traceparent`, and `tracestate` when there is one)
 * to `headers`; adds nothing when no span is active or no SDK is registered.
 */
export function injectTraceHeaders(
  headers: Record<string, string>,
  from: Context = context.active(),
): Record<string, string> {
  if (trace.getSpan(from) !== undefined) propagation.inject(from, headers);
  return headers;
}

/** The trace context carried by `headers` (W3C `traceparent`), as a parent for a new span. */
export function extractTraceContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** A link to the span that produced a message, when its headers carry a valid trace context. */
export function traceLinkOf(headers: Readonly<Record<string, string>>): Link | undefined {
  const spanContext = trace.getSpanContext(extractTraceContext(headers));
  return spanContext !== undefined && trace.isSpanContextValid(spanContext)
    ? { context: spanContext }
    : undefined;
}
