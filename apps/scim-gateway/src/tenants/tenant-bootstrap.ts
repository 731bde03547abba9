import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { isDomainError, type IdpPreset } from '#directory';
import { TenantWriter, type TenantActor } from './tenant.writer.js';

/**
 * SCIM_BOOTSTRAP_TENANT, SCIM_BOOTSTRAP_TOKEN and SCIM_BOOTSTRAP_PRESET: make sure the tenant
 * exists, accepts the token and uses the preset. Idempotent across restarts: the decider emits
 * nothing for a token that is active or a preset already chosen. The preset is applied at every
 * start, so the environment wins over a preset changed through the admin API meanwhile.
 */
@Injectable()
export class TenantBootstrap {
  private readonly logger = new Logger(TenantBootstrap.name);

  constructor(private readonly tenants: TenantWriter) {}

  /** Returns the global position of the last write, 0 when nothing had to change. */
  async ensure(tenantId: string, token: string, preset?: IdpPreset): Promise<number> {
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const system: TenantActor = {
      caller: 'system:bootstrap',
      correlationId: randomUUID(),
      requestId: undefined,
    };
    let position = await this.register(system, tenantId);
    position = Math.max(
      position,
      await this.tenants.execute(system, {
        type: 'IssueBearerToken',
        data: {
          tenantId,
          tokenId: tokenHash.slice(0, 16),
          tokenHash,
          label: 'SCIM_BOOTSTRAP_TOKEN',
        },
      }),
    );
    if (preset !== undefined) {
      position = Math.max(
        position,
        await this.tenants.execute(system, {
          type: 'ChooseIdpPreset',
          data: { tenantId, preset },
        }),
      );
    }
    if (position > 0) this.logger.log(`Bootstrap tenant "${tenantId}" is ready with its token`);
    return position;
  }

  private async register(system: TenantActor, tenantId: string): Promise<number> {
    try {
      return await this.tenants.execute(system, {
        type: 'RegisterTenant',
        data: { tenantId, name: tenantId },
      });
    } catch (error) {
      // Registered at an earlier start, or through the admin API: nothing to do.
      if (isDomainError(error, 'tenant_exists')) return 0;
      throw error;
    }
  }
}
