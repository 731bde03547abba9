import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/new-events.js';
import type { ScimCaller } from '../../shared/request-context.js';
import { desiredGroup, type DesiredGroup } from '../group-resource.js';
import { GroupDisplayNames } from '../group-display-names.js';
import { GroupWriter } from '../group.writer.js';
import { CreateGroupCommand } from './create-group.command.js';
import { uuidv7 } from '#platform';

/**
 * SCIM POST /Groups. Under the tenant's `adoptExisting` policy a local group of the same
 * displayName (ignoring case) is taken over instead: it keeps its id and members and gains the
 * posted ones. Two POSTs racing for one local group both append to its stream at the revision
 * they read; the loser decides again on the adopted group and hears 409, as for any taken name.
 */
@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand, WriteResult> {
  constructor(
    private readonly writer: GroupWriter,
    private readonly displayNames: GroupDisplayNames,
  ) {}

  async execute({ caller, body }: CreateGroupCommand): Promise<WriteResult> {
    const group = desiredGroup(body, caller.profile.schemas, 'create');
    const adoptable = await this.adoptableGroup(caller, group);
    if (adoptable !== undefined) {
      return this.writer.write(caller, adoptable, undefined, () => ({
        type: 'AdoptGroup',
        ...group,
      }));
    }
    const groupId = uuidv7();
    return this.writer.write(caller, groupId, undefined, () => ({
      type: 'CreateGroup',
      groupId,
      ...group,
    }));
  }

  private async adoptableGroup(
    caller: ScimCaller,
    group: DesiredGroup,
  ): Promise<string | undefined> {
    if (caller.profile.groupMatching !== 'adoptExisting') return undefined;
    return this.displayNames.localGroupNamed(caller.tenant, group.displayName);
  }
}
