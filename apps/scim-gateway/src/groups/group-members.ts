import type { DirectoryReadModel, GroupRow } from '#read-model';
import type { MemberRendering } from '../shared/list-query.js';
import type { ScimCaller } from '../shared/request-context.js';
import { type MemberView, type ScimGroup, toScimGroup } from './group-resource.js';

/** The SCIM group, with its members when they are to be returned (`excludedAttributes=members` reads none). */
export async function groupWithMembers(
  readModel: DirectoryReadModel,
  caller: ScimCaller,
  row: GroupRow,
  rendering: MemberRendering,
): Promise<ScimGroup> {
  if (rendering === 'none') return toScimGroup(row, caller.baseUrl);
  const members: MemberView[] = [];
  for await (const member of readModel.groupMembers(caller.tenant, row.id))
    members.push(rendering === 'withDisplay' ? member : withoutDisplay(member));
  return toScimGroup(row, caller.baseUrl, members);
}

function withoutDisplay({ display: _display, ...member }: MemberView): MemberView {
  return member;
}
