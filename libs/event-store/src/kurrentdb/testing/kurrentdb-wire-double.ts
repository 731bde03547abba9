/**
 * An in-memory KurrentDB that speaks the real gRPC protocol, for tests and the local topology:
 * the client (and its Rust bridge) talk to it exactly as they would to a single insecure node.
 * Served on the client's own generated service definitions, so the schema cannot drift.
 */
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import featuresGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import featuresPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import v2Grpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb.js';
import { InMemoryLog } from './in-memory-log.js';
import { streamsV1Service } from './streams-v1.service.js';
import { streamsV2Service } from './streams-v2.service.js';

/** 25.1 is the first version with multi-stream appends, which the adapter relies on. */
export const WIRE_DOUBLE_SERVER_VERSION = '25.1.0';

export interface KurrentDbWireDouble {
  /** `kurrentdb://127.0.0.1:<port>?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startKurrentDbWireDouble(
  options: { port?: number } = {},
): Promise<KurrentDbWireDouble> {
  const log = new InMemoryLog();
  const server = new Server();
  const services: [Record<string, unknown>, UntypedServiceImplementation][] = [
    [streamsGrpc.StreamsService, streamsV1Service(log)],
    [v2Grpc.StreamsServiceService, streamsV2Service(log)],
    [featuresGrpc.ServerFeaturesService, serverFeaturesService()],
  ];
  for (const [definition, implementation] of services) {
    server.addService(definition as never, implementation);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return {
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        // Long-lived subscriptions never end on their own: cut them rather than wait.
        server.forceShutdown();
        resolve();
      }),
  };
}

/** Advertises what the double implements; the client picks BatchAppend and AppendSession. */
function serverFeaturesService(): UntypedServiceImplementation {
  const methods = [
    ['event_store.client.streams.streams', 'read'],
    ['event_store.client.streams.streams', 'append'],
    ['event_store.client.streams.streams', 'batchappend'],
    ['event_store.client.streams.streams', 'delete'],
    ['kurrentdb.protocol.v2.streams.streamsservice', 'appendsession'],
  ];
  return {
    getSupportedMethods: (_call: unknown, done: (error: null, value: unknown) => void) => {
      const supported = new featuresPb.SupportedMethods().setEventStoreServerVersion(
        WIRE_DOUBLE_SERVER_VERSION,
      );
      for (const [service, method] of methods) {
        supported.addMethods(
          new featuresPb.SupportedMethod().setServiceName(service!).setMethodName(method!),
        );
      }
      done(null, supported);
    },
  };
}
