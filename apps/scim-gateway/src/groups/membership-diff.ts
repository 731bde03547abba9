/**
 * What turns the current membership into `wanted` (a PUT's or a PATCH replace's full list, as
 * Okta AIW sends with every change): computed in memory from one read of the member ids, so a
 * list of 10,000 members costs no per-member round trip.
 */
export function membershipDiff(
  current: ReadonlySet<string>,
  wanted: readonly string[],
): { readonly add: string[]; readonly remove: string[] } {
  const desired = new Set(wanted);
  return {
    add: [...desired].filter((id) => !current.has(id)),
    remove: [...current].filter((id) => !desired.has(id)),
  };
}
