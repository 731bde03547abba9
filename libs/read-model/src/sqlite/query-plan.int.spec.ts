import { describe, expect, it } from '@jest/globals';
import { DatabaseSync } from 'node:sqlite';
import { prepareReadModelDatabase } from './read-model.schema.js';

/** Filters must be answered from an index, not by scanning the tenant in creation order. */
describe('read-model query plans on a fresh database', () => {
  const db = new DatabaseSync(':memory:');
  prepareReadModelDatabase(db, 1000);
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join('; ');

  it('looks a userName up through its index', () => {
    expect(
      plan(
        `SELECT id FROM users AS r WHERE r.tenant = 't' AND r.user_name_lc = 'x' ORDER BY r.created, r.id LIMIT 100`,
      ),
    ).toContain('USING INDEX users_by_user_name');
  });

  it('looks an externalId and a group displayName up through their indexes', () => {
    expect(
      plan(
        `SELECT id FROM users AS r WHERE r.tenant = 't' AND (r.external_id IS NOT NULL AND r.external_id = 'x') ORDER BY r.created, r.id`,
      ),
    ).toContain('users_by_external_id');
    expect(
      plan(
        `SELECT id FROM groups AS r WHERE r.tenant = 't' AND r.display_name_lc = 'x' ORDER BY r.created, r.id`,
      ),
    ).toContain('groups_by_display_name');
  });

  it('pages an unfiltered list in creation order without sorting the tenant', () => {
    const unfiltered = plan(
      `SELECT id FROM users AS r WHERE r.tenant = 't' ORDER BY r.created, r.id LIMIT 100 OFFSET 500`,
    );
    expect(unfiltered).toContain('users_by_created');
    expect(unfiltered).not.toContain('TEMP B-TREE');
  });
});
