import { describe } from '@jest/globals';
import { describeBearerTokens } from './bearer-token.contract.js';
import type { OpenReadModel } from './contract-setup.js';
import { describeFilterQueries } from './filter.contract.js';
import { describeListOrder } from './list-order.contract.js';
import { describeLocalGroups } from './local-groups.contract.js';
import { describeMembershipQueries } from './membership.contract.js';
import { describeProjectionBehaviour } from './projection.contract.js';
import { describeResourceProjection } from './resources.contract.js';
import { describeTenantProfiles } from './tenant-profile.contract.js';
import { describeTenantSettings } from './tenant-settings.contract.js';

export type { OpenReadModel } from './contract-setup.js';

/**
 * The behaviour every read-model adapter must show, written only against the port: events are
 * projected through `applyEvents`, then read back. `open` must answer a fresh, empty read model.
 */
export function describeReadModelContract(name: string, open: OpenReadModel): void {
  describe(`ReadModel contract: ${name}`, () => {
    // Each part in its own block: a part opens a fresh read model per test of its own only.
    const parts = {
      resources: describeResourceProjection,
      membership: describeMembershipQueries,
      'local groups': describeLocalGroups,
      projection: describeProjectionBehaviour,
      filters: describeFilterQueries,
      'list order': describeListOrder,
      'tenant profiles': describeTenantProfiles,
      'tenant settings': describeTenantSettings,
      'bearer tokens': describeBearerTokens,
    };
    for (const [part, describePart] of Object.entries(parts)) {
      describe(part, () => describePart(open));
    }
  });
}
