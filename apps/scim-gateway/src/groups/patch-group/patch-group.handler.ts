import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyGroupPatch, type JsonObject } from '#scim';
import type { WriteResult } from '../../shared/new-events.js';
import { scimSchemas } from '../../shared/scim-schemas.js';
import { desiredGroupFromScim, toScimGroup } from '../group-resource.js';
import { existingGroupOrNotFound, GroupWriter } from '../group.writer.js';
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
    return this.writer.write(
      caller,
      groupId,
      expectedRevision,
      async ({ state, revision, created, lastModified }, members) => {
        const group = existingGroupOrNotFound(state, groupId);
        const { meta: _meta, ...resource } = toScimGroup(
          {
            id: groupId,
            displayName: group.displayName,
            attributes: group.attributes,
            revision,
            created,
            lastModified,
          },
          caller.baseUrl,
        );
        const { resource: patched, memberChanges } = applyGroupPatch(resource as JsonObject, body, {
          registry: scimSchemas,
        });
        const desired = desiredGroupFromScim(patched);
        let add = memberChanges.add.map((m) => m.value);
        let remove = memberChanges.remove;
        if (memberChanges.replaceAll !== undefined) {
          const current = await members.ids();
          const wanted = new Set(memberChanges.replaceAll.map((m) => m.value));
          add = [...wanted].filter((id) => !current.has(id));
          remove = [...current].filter((id) => !wanted.has(id));
        }
        return {
          type: 'ChangeGroup',
          displayName: desired.displayName,
          attributes: desired.attributes,
          addMemberIds: add,
          removeMemberIds: remove,
        };
      },
    );
  }
}
