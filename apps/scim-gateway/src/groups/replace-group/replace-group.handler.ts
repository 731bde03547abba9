import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { existingGroupOrNotFound, GroupWriter } from '../group.writer.js';
import { ReplaceGroupCommand } from './replace-group.command.js';

@CommandHandler(ReplaceGroupCommand)
export class ReplaceGroupHandler implements ICommandHandler<ReplaceGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({
    caller,
    groupId,
    group,
    expectedRevision,
  }: ReplaceGroupCommand): Promise<WriteResult> {
    return this.writer.write(caller, groupId, expectedRevision, async ({ state }, members) => {
      existingGroupOrNotFound(state, groupId);
      const current = await members.ids();
      const desired = new Set(group.memberIds);
      return {
        type: 'ChangeGroup',
        displayName: group.displayName,
        attributes: group.attributes,
        addMemberIds: [...desired].filter((id) => !current.has(id)),
        removeMemberIds: [...current].filter((id) => !desired.has(id)),
      };
    });
  }
}
