import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { type OpenReadModel, useReadModel } from './contract-setup.js';
import type { RecordedEventLog } from './recorded-events.fixture.js';

const registered = (log: RecordedEventLog, tenantId: string): RecordedEvent =>
  log.tenant(tenantId, { type: 'TenantRegistered', data: { tenantId, name: `${tenantId} Inc` } });
const issued = (
  log: RecordedEventLog,
  tenantId: string,
  tokenId: string,
  extra: { readonly tokenHash?: string; readonly expiresAt?: string } = {},
): RecordedEvent =>
  log.tenant(tenantId, {
    type: 'BearerTokenIssued',
    data: { tenantId, tokenId, tokenHash: `hash-${tokenId}`, label: `label ${tokenId}`, ...extra },
  });
const revoked = (log: RecordedEventLog, tenantId: string, tokenId: string): RecordedEvent =>
  log.tenant(tenantId, { type: 'BearerTokenRevoked', data: { tenantId, tokenId } });

export function describeBearerTokens(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('bearer tokens of a tenant', () => {
    it('lists a tenant’s tokens oldest first, with creation time, expiry and revocation, and no secret', async () => {
      const { model, log, apply } = ctx();
      await apply(registered(log, 'acme'), registered(log, 'globex'));
      const firstAt = log.nextTime();
      await apply(issued(log, 'acme', 't1'));
      await apply(issued(log, 'globex', 'g1'));
      const secondAt = log.nextTime();
      await apply(issued(log, 'acme', 't2', { expiresAt: '2030-01-01T00:00:00.000Z' }));
      await apply(revoked(log, 'acme', 't1'));

      const tokens = await model.tenantTokens('acme');
      expect(tokens).toEqual([
        { tokenId: 't1', label: 'label t1', createdAt: firstAt, revoked: true },
        {
          tokenId: 't2',
          label: 'label t2',
          createdAt: secondAt,
          expiresAt: '2030-01-01T00:00:00.000Z',
          revoked: false,
        },
      ]);
      expect(JSON.stringify(tokens)).not.toContain('hash-');
      expect(await model.tenantTokens('globex')).toHaveLength(1);
      expect(await model.tenantTokens('nobody')).toEqual([]);
    });

    it('makes a revoked token valid again when the same secret is issued again under a new id', async () => {
      const { model, log, apply } = ctx();
      await apply(
        registered(log, 'acme'),
        issued(log, 'acme', 't1', { tokenHash: 'bootstrap' }),
        revoked(log, 'acme', 't1'),
        issued(log, 'acme', 't2', { tokenHash: 'bootstrap' }),
      );
      expect(await model.findBearerToken('bootstrap')).toEqual({
        tenantId: 'acme',
        tokenId: 't2',
        revoked: false,
      });
      expect(await model.tenantTokens('acme')).toMatchObject([{ tokenId: 't2', revoked: false }]);
    });
  });
}
