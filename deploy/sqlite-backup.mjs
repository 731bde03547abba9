// Online backup of one of the services' SQLite files (accounts.sqlite, audit.sqlite, or any file
// in DATA_DIR of the standalone service) while the service keeps running: `VACUUM INTO` writes a
// consistent, compacted copy from one read transaction, and the WAL mode the services use lets
// their writes go on meanwhile. See docs/operations.md.
//
//   node deploy/sqlite-backup.mjs /data/accounts.sqlite /data/backups/accounts-2026-01-31.sqlite
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

const [source, target] = process.argv.slice(2);
if (source === undefined || target === undefined) {
  console.error('Usage: node deploy/sqlite-backup.mjs <database.sqlite> <backup.sqlite>');
  process.exit(2);
}
if (!existsSync(source)) {
  console.error(`No database at ${source}`);
  process.exit(1);
}
// VACUUM INTO refuses an existing target, and overwriting an older backup by mistake is worse.
if (existsSync(target)) {
  console.error(`${target} exists already: choose a new file name for the backup`);
  process.exit(1);
}
const db = new DatabaseSync(source, { readOnly: true, timeout: 5000 });
try {
  db.prepare('VACUUM INTO ?').run(target);
} finally {
  db.close();
}
const copy = new DatabaseSync(target, { readOnly: true });
try {
  const { integrity } = copy
    .prepare('SELECT integrity_check AS integrity FROM pragma_integrity_check')
    .get();
  if (integrity !== 'ok') throw new Error(`Integrity check of ${target} failed: ${integrity}`);
} finally {
  copy.close();
}
console.log(`Backed up ${source} to ${target}`);
