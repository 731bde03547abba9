import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyGroupPatch } from '#scim';
import type { WriteResult } from '../../shared/new-events.js';
import { desiredGroup, groupResource } from '../group-resource.js';
import { existingGroupOrNotFound, GroupWriter } from '../group.writer.js';
import { membershipDiff } from '../membership-diff.js';
import { PatchGroupCommand } from './patch-group.command.js';

@CommandHandler(PatchGroupCommand)
export class PatchGroupHandler implements ICommandHandler<PatchGroupCommand, WriteResult> {
  constructor(private readonly writer: GroupWriter) {}

  async execute({
    caller,
    groupId,
    body,
    expectedRevision,
  }: PatchGroupCommand): Promise<WriteResult> {
    const schemas = caller.profile.schemas;
    return this.writer.write(caller, groupId, expectedRevision, async ({ state }, members) => {
      const current = groupResource(groupId, existingGroupOrNotFound(state, groupId));
      // Members never enter the document: they come back as deltas (or a full replacement).
      const { resource, memberChanges } = applyGroupPatch(current, body, { registry: schemas });
      const desired = desiredGroup(resource, schemas, 'patchResult', current);
      let add = memberChanges.add.map((member) => member.value);
      let remove = memberChanges.remove;
      if (memberChanges.replaceAll !== undefined) {
        ({ add, remove } = membershipDiff(
          await members.ids(),
          memberChanges.replaceAll.map((member) => member.value),
        ));
      }
      return {
        type: 'ChangeGroup',
        displayName: desired.displayName,
        attributes: desired.attributes,
        addMemberIds: add,
        removeMemberIds: remove,
      };
    });
  }
}
