import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { WriteResult } from '../../shared/new-events.js';
import { GroupWriter } from '../group.writer.js';
import { CreateGroupCommand } from './create-group.command.js';

@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({ caller, group }: CreateGroupCommand): Promise<WriteResult> {
    const groupId = randomUUID();
    return this.writer.write(caller, groupId, undefined, () => ({
      type: 'CreateGroup',
      groupId,
      ...group,
    }));
  }
}
