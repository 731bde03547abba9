import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type ContextManager,
  type Span,
  type SpanContext,
  type SpanOptions,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { extractTraceContext, inSpan, injectTraceHeaders, traceLinkOf } from './tracing.js';

// @opentelemetry/api ships no tracer, context manager or W3C propagator (those are the SDK's),
// and the project installs no SDK. These three stand-ins are what an SDK registers, reduced to
// what the assertions need: spans with ids that record status and exceptions, an
// AsyncLocalStorage context manager, and the W3C `traceparent` format (www.w3.org/TR/trace-context).

class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active = () => this.storage.getStore() ?? ROOT_CONTEXT;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind = <T>(_ctx: Context, target: T) => target;
  enable = () => this;
  disable = () => this;
}

const w3cPropagator: TextMapPropagator = {
  inject(ctx, carrier, setter) {
    const span = trace.getSpanContext(ctx);
    if (span === undefined || !trace.isSpanContextValid(span)) return;
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-0${span.traceFlags}`);
  },
  extract(ctx, carrier, getter) {
    const value = getter.get(carrier, 'traceparent');
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0([01])$/.exec(String(value ?? ''));
    if (match === null) return ctx;
    return trace.setSpanContext(ctx, {
      traceId: match[1]!,
      spanId: match[2]!,
      traceFlags: Number(match[3]),
      isRemote: true,
    });
  },
  fields: () => ['traceparent'],
};

interface RecordedSpan {
  name: string;
  options: SpanOptions;
  spanContext: SpanContext;
  parentSpanId: string | undefined;
  status?: { code: SpanStatusCode; message?: string };
  exceptions: unknown[];
  ended: boolean;
}

const recorded: RecordedSpan[] = [];

function recordingSpan(name: string, options: SpanOptions, parent: Context): Span {
  const parentContext = trace.getSpanContext(parent);
  const spanContext: SpanContext = {
    traceId: parentContext?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    traceFlags: 1,
  };
  const entry: RecordedSpan = {
    name,
    options,
    spanContext,
    parentSpanId: parentContext?.spanId,
    exceptions: [],
    ended: false,
  };
  recorded.push(entry);
  const span = {
    spanContext: () => spanContext,
    setStatus: (status: RecordedSpan['status']) => ((entry.status = status), span),
    recordException: (exception: unknown) => void entry.exceptions.push(exception),
    end: () => void (entry.ended = true),
  };
  return span as unknown as Span;
}

const recordingTracer = {
  startSpan: (name: string, options: SpanOptions = {}, ctx = context.active()) =>
    recordingSpan(name, options, ctx),
  startActiveSpan(name: string, options: SpanOptions, fn: (span: Span) => unknown) {
    const span = recordingSpan(name, options, context.active());
    return context.with(trace.setSpan(context.active(), span), fn, undefined, span);
  },
} as unknown as Tracer;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager());
  propagation.setGlobalPropagator(w3cPropagator);
  trace.setGlobalTracerProvider({ getTracer: () => recordingTracer });
});
afterAll(() => {
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('trace headers', () => {
  it('carry the active span to a consumer, which links to it', async () => {
    const headers: Record<string, string> = { ce_id: 'e-1' };
    const producer = await inSpan('publish contracts', {}, async (span) => {
      injectTraceHeaders(headers);
      return span.spanContext();
    });
    expect(headers).toEqual({
      ce_id: 'e-1',
      traceparent: `00-${producer.traceId}-${producer.spanId}-01`,
    });
    expect(traceLinkOf(headers)).toEqual({
      context: {
        traceId: producer.traceId,
        spanId: producer.spanId,
        traceFlags: 1,
        isRemote: true,
      },
    });
    expect(trace.getSpanContext(extractTraceContext(headers))?.traceId).toBe(producer.traceId);
  });

  it('add nothing outside a span, and a message without them gives no link', () => {
    const headers: Record<string, string> = {};
    injectTraceHeaders(headers);
    expect(headers).toEqual({});
    expect(traceLinkOf({ ce_id: 'e-2' })).toBeUndefined();
    expect(traceLinkOf({ traceparent: 'garbage' })).toBeUndefined();
  });
});

describe('inSpan', () => {
  it('nests spans, passes kind, links and attributes, and ends them', async () => {
    recorded.length = 0;
    const link = { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 } };
    await inSpan('outer', { 'messaging.system': 'kafka' }, () =>
      inSpan('inner', {}, () => 'done', { kind: SpanKind.CONSUMER, links: [link] }),
    );
    const [outer, inner] = recorded;
    expect(inner!.parentSpanId).toBe(outer!.spanContext.spanId);
    expect(inner!.options).toMatchObject({ kind: SpanKind.CONSUMER, links: [link] });
    expect(outer!.options.attributes).toEqual({ 'messaging.system': 'kafka' });
    expect(recorded.every((span) => span.ended && span.status === undefined)).toBe(true);
  });

  it('records a failure on the span, marks it ERROR and rethrows', async () => {
    recorded.length = 0;
    const failure = new Error('broker unreachable');
    await expect(
      inSpan('publish contracts', {}, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(recorded[0]).toMatchObject({
      exceptions: [failure],
      status: { code: SpanStatusCode.ERROR, message: 'broker unreachable' },
      ended: true,
    });
  });
});
