/**
 * Runs the wire double as a process, for topologies of separate services sharing one store:
 * `node dist/libs/event-store/src/kurrentdb/testing/kurrentdb-wire-double.main.js --port N`
 * prints the connection string on stdout and stops on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { startKurrentDbWireDouble } from './kurrentdb-wire-double.js';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a TCP port number, got ${values.port}\n`);
  process.exit(2);
}

const double = await startKurrentDbWireDouble({ port });
process.stdout.write(`${double.connectionString}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void double.stop().then(() => process.exit(0)));
}
