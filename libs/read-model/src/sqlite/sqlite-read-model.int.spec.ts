import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { describeReadModelContract } from '../contract/read-model.contract.js';
import { groupQuery } from '../contract/list.fixture.js';
import { RecordedEventLog, users } from '../contract/recorded-events.fixture.js';
import { openSqliteReadModel, type SqliteReadModel } from './sqlite-read-model.js';

describeReadModelContract('SQLite', async () =>
  openSqliteReadModel({ path: ':memory:', memberPageSize: 500 }),
);

describe('SQLite read model with a group of 100,000 members', () => {
  let model: SqliteReadModel;
  const log = new RecordedEventLog();
  const id = (n: number): string => `user-${String(n).padStart(6, '0')}`;
  const range = (from: number, count: number): string[] =>
    Array.from({ length: count }, (_, i) => id(from + i));

  beforeEach(async () => {
    model = openSqliteReadModel({ path: ':memory:' });
    await model.applyEvents([log.createGroup('acme', 'big', 'Everyone')]);
    for (let start = 0; start < 100_000; start += 10_000) {
      await model.applyEvents([log.addMembers('acme', 'big', users(...range(start, 10_000)))]);
    }
  });

  afterEach(async () => {
    await model.close();
  });

  // DESIGN.md §6 aims at tens of milliseconds for this PATCH: `npm run bench` measures it (the
  // "PATCH adding 1,000 members to a group of 100,000" row of docs/benchmarks.md).
  it('finds which of 1,000 members are present already, and adds the others once', async () => {
    const ids = [...range(99_500, 500), ...range(100_000, 500)];
    const present = await model.membersPresent('acme', 'big', ids);
    await model.applyEvents([log.addMembers('acme', 'big', users(...ids))]);

    expect(present).toEqual(new Set(range(99_500, 500)));
    expect((await model.getGroup('acme', 'big'))?.memberCount).toBe(100_500);
  });

  it('lists a page of groups with the member count each keeps', async () => {
    const result = await model.listGroups('acme', groupQuery({ count: 10 }));
    expect(result.rows.map((row) => [row.id, row.memberCount])).toEqual([['big', 100_000]]);
  });
});
