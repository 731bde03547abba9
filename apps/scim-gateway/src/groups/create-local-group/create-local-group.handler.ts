import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '#directory';
import type { DirectoryReadModel } from '#read-model';
import { uuidv7 } from '#platform';
import { READ_MODEL } from '../../shared/injection-tokens.js';
import type { WriteResult } from '../../shared/new-events.js';
import { adminCaller } from '../../shared/request-context.js';
import { TenantProfiles } from '../../shared/tenant-profile.js';
import { GroupWriter } from '../group.writer.js';
import { CreateLocalGroupCommand } from './create-local-group.command.js';

@CommandHandler(CreateLocalGroupCommand)
export class CreateLocalGroupHandler implements ICommandHandler<
  CreateLocalGroupCommand,
  WriteResult
> {
  constructor(
    private readonly writer: GroupWriter,
    private readonly profiles: TenantProfiles,
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
  ) {}

  async execute({
    actor,
    tenant,
    displayName,
    memberIds,
  }: CreateLocalGroupCommand): Promise<WriteResult> {
    await this.requireUsers(tenant, memberIds);
    const caller = adminCaller(actor, tenant, await this.profiles.profileOf(tenant));
    const groupId = uuidv7();
    return this.writer.write(caller, groupId, undefined, () => ({
      type: 'CreateLocalGroup',
      displayName,
      memberIds,
    }));
  }

  /** Unlike an IdP, an admin typed these ids: one that names no user is a mistake to report. */
  private async requireUsers(tenant: string, memberIds: readonly string[]): Promise<void> {
    const found = await this.readModel.existingResources(tenant, memberIds);
    const unknown = memberIds.filter((id) => found.get(id) !== 'User');
    if (unknown.length > 0) {
      throw new DomainError(
        'invalid_member',
        `"members" must be ids of users of tenant ${tenant}; these are not: ${unknown.join(', ')}`,
      );
    }
  }
}
