import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { desiredGroup } from '../group-resource.js';
import { GroupWriter } from '../group.writer.js';
import { CreateGroupCommand } from './create-group.command.js';
import { uuidv7 } from '#platform';

@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({ caller, body }: CreateGroupCommand): Promise<WriteResult> {
    const group = desiredGroup(body, caller.profile.schemas, 'create');
    const groupId = uuidv7();
    return this.writer.write(caller, groupId, undefined, () => ({
      type: 'CreateGroup',
      groupId,
      ...group,
    }));
  }
}
