/**
 * The root `/.search` lists all matching Users, then all matching Groups, each type in its own
 * stable order, so paging needs no sort across two tables. The Users page is asked for with the
 * request's startIndex and count; this is where the page continues among the Groups.
 */
export function groupsPageAfterUsers(
  page: { readonly startIndex: number; readonly count: number },
  users: { readonly totalResults: number; readonly onPage: number },
): { readonly startIndex: number; readonly count: number } {
  return {
    startIndex: Math.max(1, page.startIndex - users.totalResults),
    count: Math.max(0, page.count - users.onPage),
  };
}
