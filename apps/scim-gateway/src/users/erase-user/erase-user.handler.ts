import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type PersonalDataKeyStore, userSubject } from '#personal-data';
import { PERSONAL_DATA_KEYS } from '../../shared/injection-tokens.js';
import { adminCaller } from '../../shared/request-context.js';
import { TenantProfiles } from '../../shared/tenant-profile.js';
import { UserWriter } from '../user.writer.js';
import { EraseUserCommand, type ErasureResult } from './erase-user.command.js';

/**
 * Records the erasure (`UserErased`), then destroys the user's key. In that order: the record
 * says who erased whom and when even if the process dies before the key is gone, and asking
 * again, which decides nothing new, destroys it then.
 */
@CommandHandler(EraseUserCommand)
export class EraseUserHandler implements ICommandHandler<EraseUserCommand, ErasureResult> {
  constructor(
    private readonly writer: UserWriter,
    private readonly profiles: TenantProfiles,
    @Inject(PERSONAL_DATA_KEYS) private readonly keys: PersonalDataKeyStore,
  ) {}

  async execute({
    actor,
    tenant,
    userId,
    requestReference,
  }: EraseUserCommand): Promise<ErasureResult> {
    const caller = adminCaller(actor, tenant, await this.profiles.profileOf(tenant));
    const written = await this.writer.write(caller, userId, undefined, () => ({
      type: 'EraseUser',
      data: { userId, ...(requestReference === undefined ? {} : { requestReference }) },
    }));
    const { erasedAt } = await this.keys.erase(userSubject(tenant, userId));
    return {
      tenant,
      userId,
      erasedAt,
      ...(requestReference === undefined ? {} : { requestReference }),
      alreadyErased: written.position === 0,
    };
  }
}
