import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import { hashPassword } from '../../shared/password-hasher.js';
import { desiredUser } from '../user-resource.js';
import { UserWriter } from '../user.writer.js';
import { ProvisionUserCommand } from './provision-user.command.js';
import { uuidv7 } from '#platform';

@CommandHandler(ProvisionUserCommand)
export class ProvisionUserHandler implements ICommandHandler<ProvisionUserCommand, WriteResult> {
  constructor(private readonly writer: UserWriter) {}

  async execute({ caller, body }: ProvisionUserCommand): Promise<WriteResult> {
    const user = desiredUser(body, caller.profile.schemas, 'create');
    const userId = uuidv7();
    const passwordHash =
      user.password === undefined ? undefined : await hashPassword(user.password);
    return this.writer.provision(caller, {
      type: 'ProvisionUser',
      data: {
        userId,
        userName: user.userName,
        active: user.active ?? true,
        attributes: user.attributes,
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(caller.profile.roleRule === null ? {} : { roleRule: caller.profile.roleRule }),
      },
    });
  }
}
