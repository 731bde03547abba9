import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import type { ExtensionSchema, IdpPreset } from '#directory';
import { type OpenReadModel, useReadModel } from './contract-setup.js';
import type { RecordedEventLog } from './recorded-events.fixture.js';

const document360: ExtensionSchema = {
  id: 'urn:ietf:params:scim:schemas:extension:document360:2.0:User',
  name: 'Document360User',
  attributes: [
    {
      name: 'isTeamAccount',
      type: 'boolean',
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    },
  ],
};
const costCenter: ExtensionSchema = {
  ...document360,
  id: 'urn:example:scim:acme:1.0:Group',
  name: 'AcmeGroup',
  description: 'Acme group settings',
};

const registered = (log: RecordedEventLog, tenantId: string): RecordedEvent =>
  log.tenant(tenantId, { type: 'TenantRegistered', data: { tenantId, name: `${tenantId} Inc` } });
const presetChosen = (log: RecordedEventLog, tenantId: string, preset: IdpPreset) =>
  log.tenant(tenantId, { type: 'TenantIdpPresetChosen', data: { tenantId, preset } });
const extensionRegistered = (
  log: RecordedEventLog,
  tenantId: string,
  schema: ExtensionSchema,
  resourceType: 'User' | 'Group' = 'User',
) =>
  log.tenant(tenantId, {
    type: 'TenantSchemaExtensionRegistered',
    data: { tenantId, resourceType, schema, required: false },
  });
const extensionRemoved = (log: RecordedEventLog, tenantId: string, schemaId: string) =>
  log.tenant(tenantId, { type: 'TenantSchemaExtensionRemoved', data: { tenantId, schemaId } });

export function describeTenantProfiles(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('tenant profiles', () => {
    it('answers the defaults for a tenant that chose nothing, and undefined for no tenant', async () => {
      const { model, log, apply } = ctx();
      await apply(registered(log, 'acme'));
      expect(await model.tenantProfile('acme')).toEqual({
        tenantId: 'acme',
        name: 'acme Inc',
        idpPreset: 'generic',
        schemaExtensions: [],
        provisioningEnabled: true,
        deletionPolicy: 'hardDelete',
        groupMatching: 'alwaysCreate',
        seatLimit: null,
        roleRule: null,
        revision: 0,
      });
      expect(await model.tenantProfile('globex')).toBeUndefined();
    });

    it('follows preset changes and extensions added and removed, in order, per tenant', async () => {
      const { model, log, apply } = ctx();
      await apply(
        registered(log, 'acme'),
        registered(log, 'globex'),
        presetChosen(log, 'acme', 'okta'),
        extensionRegistered(log, 'acme', document360),
        extensionRegistered(log, 'acme', costCenter, 'Group'),
        presetChosen(log, 'globex', 'entra'),
      );
      expect(await model.tenantProfile('acme')).toEqual({
        tenantId: 'acme',
        name: 'acme Inc',
        idpPreset: 'okta',
        schemaExtensions: [
          { resourceType: 'User', schema: document360, required: false },
          { resourceType: 'Group', schema: costCenter, required: false },
        ],
        provisioningEnabled: true,
        deletionPolicy: 'hardDelete',
        groupMatching: 'alwaysCreate',
        seatLimit: null,
        roleRule: null,
        revision: 3,
      });
      expect(await model.tenantProfile('globex')).toMatchObject({
        idpPreset: 'entra',
        schemaExtensions: [],
      });

      await apply(
        extensionRemoved(log, 'acme', document360.id.toUpperCase()),
        presetChosen(log, 'acme', 'ping'),
      );
      expect(await model.tenantProfile('acme')).toMatchObject({
        idpPreset: 'ping',
        schemaExtensions: [{ schema: { id: costCenter.id } }],
        revision: 5,
      });
    });

    it('moves the revision only when the profile changes', async () => {
      const { model, log, apply } = ctx();
      await apply(registered(log, 'acme'), presetChosen(log, 'acme', 'okta'));
      const before = (await model.tenantProfile('acme'))?.revision;
      await apply(
        log.tenant('acme', {
          type: 'BearerTokenIssued',
          data: { tenantId: 'acme', tokenId: 't1', tokenHash: 'h1', label: 'okta' },
        }),
      );
      expect((await model.tenantProfile('acme'))?.revision).toBe(before);
    });

    it('changes nothing when a batch is delivered again', async () => {
      const { model, log, apply } = ctx();
      const events = [
        registered(log, 'acme'),
        extensionRegistered(log, 'acme', document360),
        presetChosen(log, 'acme', 'okta'),
      ];
      await apply(...events);
      await apply(...events);
      await model.applyEvents(events.slice(1));
      expect(await model.tenantProfile('acme')).toMatchObject({
        idpPreset: 'okta',
        schemaExtensions: [{ schema: document360 }],
        revision: 2,
      });
      expect(await model.checkpoint()).toBe(events[2]!.position);
    });
  });
}
