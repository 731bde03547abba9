import type { DirectoryReadModel, GroupRow } from '#read-model';
import type { ScimCaller } from '../shared/request-context.js';
import { type MemberView, type ScimGroup, toScimGroup } from './group-resource.js';

/** The SCIM group, with its members when they are to be returned (`excludedAttributes=members` skips them). */
export async function groupWithMembers(
  readModel: DirectoryReadModel,
  caller: ScimCaller,
  row: GroupRow,
  withMembers: boolean,
): Promise<ScimGroup> {
  if (!withMembers) return toScimGroup(row, caller.baseUrl);
  const members: MemberView[] = [];
  for await (const member of readModel.groupMembers(caller.tenant, row.id)) members.push(member);
  return toScimGroup(row, caller.baseUrl, members);
}
