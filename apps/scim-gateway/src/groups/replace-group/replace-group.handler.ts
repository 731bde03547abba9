import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { desiredGroup, groupResource } from '../group-resource.js';
import { existingGroupOrNotFound, GroupWriter } from '../group.writer.js';
import { membershipDiff } from '../membership-diff.js';
import { ReplaceGroupCommand } from './replace-group.command.js';

/**
 * RFC 7644 §3.5.1: the body replaces the group, members included (Okta AIW sends the complete
 * list with every change; a body without `members` empties the group). readOnly attributes it
 * echoes from our GET (`id`, `meta`) are ignored.
 */
@CommandHandler(ReplaceGroupCommand)
export class ReplaceGroupHandler implements ICommandHandler<ReplaceGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({
    caller,
    groupId,
    body,
    expectedRevision,
  }: ReplaceGroupCommand): Promise<WriteResult> {
    return this.writer.write(caller, groupId, expectedRevision, async ({ state }, members) => {
      const current = groupResource(groupId, existingGroupOrNotFound(state, groupId));
      const group = desiredGroup(body, caller.profile.schemas, 'replace', current);
      const { add, remove } = membershipDiff(await members.ids(), group.memberIds);
      return {
        type: 'ChangeGroup',
        displayName: group.displayName,
        attributes: group.attributes,
        addMemberIds: add,
        removeMemberIds: remove,
      };
    });
  }
}
