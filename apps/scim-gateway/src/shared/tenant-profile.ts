import { Injectable } from '@nestjs/common';
import type { SchemaRegistry } from '#scim';
import { scimSchemas } from './scim-schemas.js';

/**
 * What a tenant chose for the IdP it connects. Presets only decide what the service answers
 * where clients disagree (for example 200 with a body or 204 after a group PATCH); input
 * handling never depends on them: every form is accepted on every tenant.
 */
export type IdpPreset = 'generic' | 'okta' | 'entra' | 'ping';

export const idpPresets: readonly IdpPreset[] = ['generic', 'okta', 'entra', 'ping'];

/** The SCIM face of one tenant: its preset and its schemas (core plus its own extensions). */
export interface TenantScimProfile {
  readonly preset: IdpPreset;
  readonly schemas: SchemaRegistry;
}

export const defaultTenantProfile: TenantScimProfile = { preset: 'generic', schemas: scimSchemas };

/** Looks up a tenant's SCIM profile for each request. */
@Injectable()
export class TenantProfiles {
  async profileOf(_tenant: string): Promise<TenantScimProfile> {
    return defaultTenantProfile;
  }
}
