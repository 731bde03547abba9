import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { existingOrNotFound, UserWriter } from '../user.writer.js';
import { DeleteUserCommand } from './delete-user.command.js';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, WriteResult> {
  constructor(private readonly writer: UserWriter) {}

  async execute({ caller, userId, expectedRevision }: DeleteUserCommand): Promise<WriteResult> {
    return this.writer.write(caller, userId, expectedRevision, ({ state }) => {
      existingOrNotFound(state, userId);
      // Under keepDisabled the decider deactivates and hides the user instead of deleting it.
      return { type: 'DeleteUser', data: { userId, policy: caller.profile.deletionPolicy } };
    });
  }
}
