import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyUserPatch, type JsonObject } from '#scim';
import type { WriteResult } from '../../shared/new-events.js';
import { scimSchemas } from '../../shared/scim-schemas.js';
import { changeUserCommand } from '../change-user.js';
import { desiredUserFromScim, toScimUser } from '../user-resource.js';
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
    return this.writer.write(
      caller,
      userId,
      expectedRevision,
      async ({ state, revision, created, lastModified }) => {
        const user = existingOrNotFound(state, userId);
        const { meta: _meta, ...resource } = toScimUser(
          {
            id: userId,
            userName: user.userName,
            active: user.status === 'active',
            attributes: user.attributes,
            revision,
            created,
            lastModified,
          },
          caller.baseUrl,
        );
        const patched = applyUserPatch(resource as JsonObject, body, { registry: scimSchemas });
        return changeUserCommand(user, desiredUserFromScim(patched));
      },
    );
  }
}
