import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppRegistrationCommand } from '#directory';
import type { TenantActor } from '../shared/decider-stream.js';
import { AppRegistrationWriter } from './app-registration.writer.js';

/**
 * Any change of an application registration: create, change settings, add or rotate a secret,
 * revoke a secret, delete. Answers the global position of the write (0 when nothing changed).
 */
export class ChangeAppRegistrationCommand extends Command<number> {
  constructor(
    readonly actor: TenantActor,
    readonly change: AppRegistrationCommand,
  ) {
    super();
  }
}

@CommandHandler(ChangeAppRegistrationCommand)
export class ChangeAppRegistrationHandler implements ICommandHandler<
  ChangeAppRegistrationCommand,
  number
> {
  constructor(private readonly writer: AppRegistrationWriter) {}

  execute({ actor, change }: ChangeAppRegistrationCommand): Promise<number> {
    return this.writer.execute(actor, change);
  }
}
