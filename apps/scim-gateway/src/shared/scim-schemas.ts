import type { IdpPreset } from '#directory';
import { type MemberDisplayReturned, SchemaRegistry, type SchemaExtension } from '#scim';

/**
 * `members.display` is returned with every group for the IdP presets, where people read it in
 * admin screens, and on request for the generic preset, so that a PATCH or PUT answers exactly
 * the members the client sent (RFC 7643 §7 `returned: "request"`; see docs/conformance.md).
 */
export function memberDisplayFor(preset: IdpPreset): MemberDisplayReturned {
  return preset === 'generic' ? 'request' : 'default';
}

const shared = new Map<MemberDisplayReturned, SchemaRegistry>();

/** The schemas of a tenant with this preset and these extensions of its own. */
export function schemasFor(
  preset: IdpPreset,
  extensions: readonly SchemaExtension[] = [],
): SchemaRegistry {
  const memberDisplay = memberDisplayFor(preset);
  if (extensions.length > 0) return new SchemaRegistry({ extensions, memberDisplay });
  let registry = shared.get(memberDisplay);
  if (registry === undefined) {
    registry = new SchemaRegistry({ memberDisplay });
    shared.set(memberDisplay, registry);
  }
  return registry;
}
