import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { changeUserCommand } from '../change-user.js';
import { desiredUserFromScim } from '../user-resource.js';
import { existingOrNotFound, UserWriter } from '../user.writer.js';
import { ReplaceUserCommand } from './replace-user.command.js';

@CommandHandler(ReplaceUserCommand)
export class ReplaceUserHandler implements ICommandHandler<ReplaceUserCommand, WriteResult> {
  constructor(private readonly writer: UserWriter) {}

  async execute({
    caller,
    userId,
    body,
    expectedRevision,
  }: ReplaceUserCommand): Promise<WriteResult> {
    const desired = desiredUserFromScim(body);
    return this.writer.write(caller, userId, expectedRevision, async ({ state }) =>
      changeUserCommand(existingOrNotFound(state, userId), desired),
    );
  }
}
