import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { changeUserCommand } from '../change-user.js';
import { desiredUser, userResource } from '../user-resource.js';
import { existingOrNotFound, UserWriter } from '../user.writer.js';
import { ReplaceUserCommand } from './replace-user.command.js';

/**
 * RFC 7644 §3.5.1: the body replaces every readWrite attribute, so those left out are cleared.
 * readOnly ones (`id`, `meta`, `groups`, as Okta echoes them from our GET) are ignored, even an
 * `id` that differs from the URL's: the URL names the resource and `id` cannot be written.
 */
@CommandHandler(ReplaceUserCommand)
export class ReplaceUserHandler implements ICommandHandler<ReplaceUserCommand, WriteResult> {
  constructor(private readonly writer: UserWriter) {}

  async execute({
    caller,
    userId,
    body,
    expectedRevision,
  }: ReplaceUserCommand): Promise<WriteResult> {
    return this.writer.write(caller, userId, expectedRevision, async ({ state }) => {
      const user = existingOrNotFound(state, userId);
      const current = userResource(userId, user);
      const desired = desiredUser(body, caller.profile.schemas, 'replace', current);
      return changeUserCommand(user, desired, 'keeps');
    });
  }
}
