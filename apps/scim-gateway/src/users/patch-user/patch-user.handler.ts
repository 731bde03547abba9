import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyUserPatch } from '#scim';
import type { WriteResult } from '../../shared/new-events.js';
import { changeUserCommand } from '../change-user.js';
import { desiredUser, userResource } from '../user-resource.js';
import { existingOrNotFound, UserWriter } from '../user.writer.js';
import { PatchUserCommand } from './patch-user.command.js';

@CommandHandler(PatchUserCommand)
export class PatchUserHandler implements ICommandHandler<PatchUserCommand, WriteResult> {
  constructor(private readonly writer: UserWriter) {}

  async execute({
    caller,
    userId,
    body,
    expectedRevision,
  }: PatchUserCommand): Promise<WriteResult> {
    const schemas = caller.profile.schemas;
    return this.writer.write(caller, userId, expectedRevision, async ({ state }) => {
      const user = existingOrNotFound(state, userId);
      const current = userResource(userId, user);
      const patched = applyUserPatch(current, body, { registry: schemas });
      // The result must pass what a PUT of it would: a PATCH cannot store what PUT rejects.
      return changeUserCommand(
        user,
        desiredUser(patched, schemas, 'patchResult', current),
        'removes',
      );
    });
  }
}
