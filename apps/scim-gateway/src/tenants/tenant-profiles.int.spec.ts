import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT360_USER_SCHEMA } from '#scim';
import { type EventStore, openSqliteEventStore } from '#event-store';
import { openSqliteReadModel, type SqliteReadModel } from '#read-model';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';
import { defaultTenantProfile, TenantProfiles } from '../shared/tenant-profile.js';
import { TenantBootstrap } from './tenant-bootstrap.js';
import { type TenantActor, TenantWriter } from './tenant.writer.js';

const admin: TenantActor = { caller: 'admin:test', correlationId: 'c-1', requestId: undefined };

describe('tenant profiles on the SQLite event store and read model', () => {
  let dir: string;
  let store: EventStore;
  let readModel: SqliteReadModel;
  let writer: TenantWriter;
  let profiles: TenantProfiles;

  /** What the directory projector does, in one step. */
  const project = async (): Promise<void> => {
    const events = [];
    for await (const event of store.readAll({ fromPosition: await readModel.checkpoint() })) {
      events.push(event);
    }
    await readModel.applyEvents(events);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tenant-profiles-'));
    store = await openSqliteEventStore({ path: join(dir, 'events.sqlite'), synchronous: 'normal' });
    readModel = openSqliteReadModel({ path: ':memory:' });
    writer = new TenantWriter(store, new StreamWriteQueue());
    profiles = new TenantProfiles(readModel);
  });

  afterEach(async () => {
    await store.close();
    await readModel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bootstraps a tenant with its preset once, and changes nothing at the next start', async () => {
    const bootstrap = new TenantBootstrap(writer);
    expect(await bootstrap.ensure('acme', 'a-token-of-16-chars', 'okta')).toBeGreaterThan(0);
    const head = await store.headPosition();
    expect(await bootstrap.ensure('acme', 'a-token-of-16-chars', 'okta')).toBe(0);
    expect(await store.headPosition()).toBe(head);
    await project();
    expect((await profiles.profileOf('acme')).preset).toBe('okta');
  });

  it("gives each tenant its own preset and schemas, built from the tenant's extensions", async () => {
    for (const tenantId of ['acme', 'globex']) {
      await writer.execute(admin, { type: 'RegisterTenant', data: { tenantId, name: tenantId } });
    }
    await writer.execute(admin, {
      type: 'RegisterSchemaExtension',
      data: {
        tenantId: 'acme',
        resourceType: 'User',
        schema: {
          id: DOCUMENT360_USER_SCHEMA,
          name: 'Document360User',
          attributes: [{ name: 'isTeamAccount', type: 'boolean' }],
        },
      },
    });
    await writer.execute(admin, {
      type: 'ChooseIdpPreset',
      data: { tenantId: 'acme', preset: 'entra' },
    });
    await project();

    const acme = await profiles.profileOf('acme');
    expect(acme.preset).toBe('entra');
    expect(acme.schemas.resolve('User', `${DOCUMENT360_USER_SCHEMA}:isTeamAccount`)).toMatchObject({
      definition: { type: 'boolean', mutability: 'readWrite' },
    });
    const globex = await profiles.profileOf('globex');
    expect(globex.preset).toBe('generic');
    expect(globex.schemas.findSchema('User', DOCUMENT360_USER_SCHEMA)).toBeUndefined();
    expect(await profiles.profileOf('initech')).toBe(defaultTenantProfile);
  });

  it('answers a changed preset or schema on the first request after forget', async () => {
    await writer.execute(admin, { type: 'RegisterTenant', data: { tenantId: 'acme', name: 'A' } });
    await project();
    const before = await profiles.profileOf('acme');
    expect(before.preset).toBe('generic');

    await writer.execute(admin, {
      type: 'ChooseIdpPreset',
      data: { tenantId: 'acme', preset: 'ping' },
    });
    await project();
    profiles.forget('acme');
    expect((await profiles.profileOf('acme')).preset).toBe('ping');
  });
});
