/**
 * The identity provider a tenant connects. The preset only decides what the service answers where
 * IdPs disagree (for example 200 with a body or 204 after a group PATCH); input handling never
 * depends on it. A tenant starts with `generic`.
 */
export const idpPresets = ['okta', 'entra', 'ping', 'generic'] as const;

export type IdpPreset = (typeof idpPresets)[number];

export const defaultIdpPreset: IdpPreset = 'generic';

export function isIdpPreset(value: unknown): value is IdpPreset {
  return typeof value === 'string' && (idpPresets as readonly string[]).includes(value);
}
