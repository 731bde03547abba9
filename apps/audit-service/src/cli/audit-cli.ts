import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { EventStore } from '#event-store';
import {
  erasuresIn,
  openProtectedEventStore,
  type ProtectedEventStore,
  reapplyErasures,
} from '#personal-data';
import {
  diffReport,
  groupAt,
  groupDiff,
  groupReport,
  groupTimeline,
  generateSigningKeyPair,
  type HistoryPoint,
  openSqliteChainStore,
  parseInstant,
  userAt,
  userDiff,
  userReport,
  userTimeline,
  type SignedManifest,
  signManifest,
  verifyChain,
  verifyManifest,
} from '#history';
import { ConfigError, loadConfig, type ServiceConfig } from '#platform';
import { rebuildConfiguredReadModel } from '../../../directory-projector/src/rebuild-configured.js';
import { exportAuditLog } from '../audit-export.js';
import { openSqliteAuditLog } from '../audit-log.js';
import { Progress } from './progress.js';

const usage = `Usage: npm run audit -- <command> …

  timeline <tenant> user|group <id>             the changes, oldest first, one JSON line each
  as-of    <tenant> user|group <id> <moment>    the resource at a moment
  diff     <tenant> user|group <id> <from> <to> what changed between two moments
  export   <tenant> --out <file> [--format ndjson|csv] [--from <time>] [--to <time>]
           [--sign <private key PEM>]           the tenant's audit log, streamed to a file; signed,
                                                with <file>.manifest.json beside it
  verify   <tenant>                             recompute the tenant's hash chain: exit 1 at a break
  verify-export <file> --key <public key PEM>   check an export against its signed manifest
  keygen   --out <prefix>                       an Ed25519 key pair: <prefix>.key and <prefix>.pub
  rebuild                                       rebuild the read model (as projection:rebuild)
  erasures [--reapply]                          every erasure of a user's personal data, one JSON
                                                line each; --reapply destroys again the keys a
                                                restored key store still holds

A moment is an RFC 3339 time with a zone (2026-11-23T10:00:00Z) or an event-store position.
The stores are found as the services find them: KURRENTDB_URL or DATA_DIR for the events,
DATABASE_URL or DATA_DIR for the read model and the personal data keys, DATA_DIR/audit.sqlite for the audit log and
DATA_DIR/audit-chain.sqlite for the hash chains.`;

/** A mistake in the command line: the message and the usage, exit code 2. */
class UsageError extends Error {}

type Kind = 'user' | 'group';

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      sign: { type: 'string' },
      key: { type: 'string' },
      reapply: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined) {
    console.log(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'timeline':
      return withEventStore(config, (store) => timeline(store, args));
    case 'as-of':
      return withEventStore(config, (store) => asOf(store, args));
    case 'diff':
      return withEventStore(config, (store) => diff(store, args));
    case 'export':
      return exportLog(config, args, values);
    case 'verify':
      return withEventStore(config, (store) => verify(config, store.stored, args));
    case 'verify-export':
      return verifyExport(args, values);
    case 'keygen':
      return keygen(values);
    case 'rebuild':
      return rebuild(config);
    case 'erasures':
      return withEventStore(config, (store) => erasures(store, values.reapply === true));
    default:
      throw new UsageError(`Unknown command ${command}`);
  }
}

async function withEventStore(
  config: ServiceConfig,
  run: (store: ProtectedEventStore) => Promise<number>,
): Promise<number> {
  if (config.kurrentDbUrl === undefined && !existsSync(join(config.dataDir, 'events.sqlite')))
    throw new UsageError(
      `No event store in ${config.dataDir}: set DATA_DIR to the service's data directory, or KURRENTDB_URL`,
    );
  const store = await openProtectedEventStore(config);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

function resource(
  args: readonly string[],
  extra: number,
): { tenant: string; kind: Kind; id: string } {
  const [tenant, kind, id] = args;
  if (
    tenant === undefined ||
    (kind !== 'user' && kind !== 'group') ||
    id === undefined ||
    args.length !== 3 + extra
  )
    throw new UsageError('Name the tenant, user or group, and the id');
  return { tenant, kind, id };
}

function moment(text: string | undefined, name: string): HistoryPoint {
  if (text !== undefined && /^\d{1,16}$/.test(text)) return { position: Number(text) };
  const time = text === undefined ? undefined : parseInstant(text);
  if (time === undefined)
    throw new UsageError(
      `${name} must be an RFC 3339 time with a zone such as 2026-11-23T10:00:00Z, or an event-store position`,
    );
  return { time };
}

async function timeline(store: EventStore, args: readonly string[]): Promise<number> {
  const { tenant, kind, id } = resource(args, 0);
  const entries =
    kind === 'user' ? userTimeline(store, tenant, id) : groupTimeline(store, tenant, id);
  let count = 0;
  for await (const entry of entries) {
    count++;
    console.log(JSON.stringify(entry));
  }
  if (count === 0) console.error(`No ${kind} ${id} in tenant ${tenant}'s history`);
  return count === 0 ? 1 : 0;
}

async function asOf(store: EventStore, args: readonly string[]): Promise<number> {
  const { tenant, kind, id } = resource(args, 1);
  const point = moment(args[3], 'The moment');
  const report =
    kind === 'user'
      ? userReport(id, await userAt(store, tenant, id, point))
      : groupReport(id, await groupAt(store, tenant, id, point, { withMembers: true }));
  console.log(JSON.stringify(report, null, 2));
  return 0;
}

async function diff(store: EventStore, args: readonly string[]): Promise<number> {
  const { tenant, kind, id } = resource(args, 2);
  const from = moment(args[3], 'from');
  const to = moment(args[4], 'to');
  const result =
    kind === 'user'
      ? await userDiff(store, tenant, id, from, to)
      : await groupDiff(store, tenant, id, from, to);
  console.log(JSON.stringify(diffReport(result), null, 2));
  return 0;
}

async function exportLog(
  config: ServiceConfig,
  args: readonly string[],
  options: { format?: string; from?: string; to?: string; out?: string; sign?: string },
): Promise<number> {
  const [tenant] = args;
  if (tenant === undefined || args.length !== 1) throw new UsageError('Name the tenant to export');
  if (options.out === undefined) throw new UsageError('--out <file> is required');
  const format = options.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError('--format is ndjson or csv');
  const path = join(config.dataDir, 'audit.sqlite');
  if (!existsSync(path)) throw new UsageError(`No audit log at ${path}: set DATA_DIR`);
  const range = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    const point = moment(text, name);
    if (!('time' in point)) throw new UsageError(`--${name} takes a time`);
    return Date.parse(point.time);
  };
  const from = range(options.from, 'from');
  const to = range(options.to, 'to');
  const log = openSqliteAuditLog(path);
  const progress = new Progress(`Exporting ${tenant}`);
  const digest = createHash('sha256');
  let records = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      records += chunk.toString('utf8').split('\n').length - 1;
      progress.update(records);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      exportAuditLog(
        log,
        { tenant, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
        format,
      ),
      counting,
      createWriteStream(options.out),
    );
  } finally {
    await log.close();
  }
  const lines = format === 'csv' ? records - 1 : records;
  const sha256 = digest.digest('hex');
  progress.done(`${lines.toLocaleString('en')} records to ${options.out}, sha256 ${sha256}`);
  if (options.sign !== undefined) {
    const manifest = signManifest(
      {
        tenant,
        exportedAt: new Date().toISOString(),
        ...(options.from === undefined ? {} : { from: options.from }),
        ...(options.to === undefined ? {} : { to: options.to }),
        events: lines,
        format,
        sha256,
        ...(await chainHeadOf(config, tenant)),
      },
      readFileSync(options.sign, 'utf8'),
    );
    writeFileSync(`${options.out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    console.error(`Signed: ${options.out}.manifest.json (key ${manifest.keyId})`);
  }
  return 0;
}

/** The tenant's chain head, which pins the export to the history, when a chain is kept here. */
async function chainHeadOf(config: ServiceConfig, tenant: string) {
  const path = join(config.dataDir, 'audit-chain.sqlite');
  if (!existsSync(path)) return {};
  const chain = openSqliteChainStore(path);
  try {
    const head = await chain.head(tenant);
    return head === undefined
      ? {}
      : { chainHead: { seq: head.seq, hash: head.hash, position: head.position } };
  } finally {
    await chain.close();
  }
}

async function verify(
  config: ServiceConfig,
  store: EventStore,
  args: readonly string[],
): Promise<number> {
  const [tenant] = args;
  if (tenant === undefined || args.length !== 1) throw new UsageError('Name the tenant to verify');
  const path = join(config.dataDir, 'audit-chain.sqlite');
  if (!existsSync(path)) throw new UsageError(`No hash chains at ${path}: set DATA_DIR`);
  const chain = openSqliteChainStore(path);
  const progress = new Progress(`Verifying ${tenant}`);
  try {
    const report = await verifyChain(store, chain, tenant, {
      onProgress: ({ verified }) => progress.update(verified),
    });
    progress.done(
      report.firstBreak === undefined
        ? `${report.verified.toLocaleString('en')} events intact`
        : `BROKEN at position ${report.firstBreak.position} after ${report.verified.toLocaleString('en')} intact events`,
    );
    console.log(JSON.stringify(report, null, 2));
    return report.firstBreak === undefined ? 0 : 1;
  } finally {
    await chain.close();
  }
}

async function verifyExport(args: readonly string[], options: { key?: string }): Promise<number> {
  const [file] = args;
  if (file === undefined || args.length !== 1 || options.key === undefined)
    throw new UsageError('Name the exported file and the public key (--key)');
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as SignedManifest;
  const digest = createHash('sha256');
  await pipeline(createReadStream(file), digest);
  const sha256 = digest.digest('hex');
  const problems = [
    ...(verifyManifest(manifest, readFileSync(options.key, 'utf8'))
      ? []
      : ['the manifest is not signed by this key, or was changed after signing']),
    ...(sha256 === manifest.sha256
      ? []
      : [`the file's sha256 is ${sha256}, the manifest says ${manifest.sha256}`]),
  ];
  if (problems.length > 0) {
    console.error(`NOT VERIFIED: ${problems.join('; ')}`);
    return 1;
  }
  console.log(
    `Verified: ${manifest.events.toLocaleString('en')} records of tenant ${manifest.tenant} exported ${manifest.exportedAt}, signed by key ${manifest.keyId}`,
  );
  return 0;
}

function keygen(options: { out?: string }): number {
  if (options.out === undefined) throw new UsageError('--out <prefix> is required');
  const { publicKeyPem, privateKeyPem } = generateSigningKeyPair();
  writeFileSync(`${options.out}.key`, privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(`${options.out}.pub`, publicKeyPem, { flag: 'wx' });
  console.log(
    `Wrote ${options.out}.key (keep it secret) and ${options.out}.pub (give it to auditors)`,
  );
  return 0;
}

async function erasures(store: ProtectedEventStore, reapply: boolean): Promise<number> {
  if (!reapply) {
    for await (const erasure of erasuresIn(store.stored)) console.log(JSON.stringify(erasure));
    return 0;
  }
  const redone = await reapplyErasures(store.stored, store.keys);
  for (const erasure of redone) console.log(JSON.stringify(erasure));
  console.error(
    redone.length === 0
      ? 'Every erased user was erased in the key store already'
      : `Destroyed again the keys of ${redone.length.toLocaleString('en')} erased users`,
  );
  return 0;
}

async function rebuild(config: ServiceConfig): Promise<number> {
  const progress = new Progress('Rebuilding the read model');
  const result = await rebuildConfiguredReadModel(config, {
    onStart: (description) => console.error(description),
    onProgress: ({ position, head }) => progress.update(position, head),
  });
  progress.done(
    `${result.events.toLocaleString('en')} events applied up to position ${result.position}`,
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
