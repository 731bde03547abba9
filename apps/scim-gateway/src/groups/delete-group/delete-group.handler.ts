import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { existingGroupOrNotFound, GroupWriter } from '../group.writer.js';
import { DeleteGroupCommand } from './delete-group.command.js';

@CommandHandler(DeleteGroupCommand)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({ caller, groupId, expectedRevision }: DeleteGroupCommand): Promise<WriteResult> {
    return this.writer.write(caller, groupId, expectedRevision, ({ state }) => {
      existingGroupOrNotFound(state, groupId);
      return { type: 'DeleteGroup' };
    });
  }
}
