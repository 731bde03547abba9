import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  decideGroup,
  evolveGroup,
  memberIdsTouchedBy,
  streams,
  type ExistingGroup,
  type GroupCommand,
  type GroupState,
  type Member,
} from '#directory';
import type { DirectoryReadModel } from '#read-model';
import { ScimError } from '#scim';
import { GATEWAY_OPTIONS, type GatewayOptions, READ_MODEL } from '../shared/injection-tokens.js';
import { toNewEvents, type WriteResult } from '../shared/new-events.js';
import type { ScimCaller } from '../shared/request-context.js';
import { RevisionMismatch, retryOnConflict } from '../shared/retry-on-conflict.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';
import { GroupDisplayNames } from './group-display-names.js';
import { GroupRepository, type LoadedGroup } from './group.repository.js';

/** A group command before member types are known: members are ids as the IdP sent them. */
export type GroupIntent =
  | {
      readonly type: 'CreateGroup';
      readonly groupId: string;
      readonly displayName: string;
      readonly attributes: ExistingGroup['attributes'];
      readonly memberIds: readonly string[];
    }
  | {
      readonly type: 'ChangeGroup';
      readonly displayName?: string;
      readonly attributes?: ExistingGroup['attributes'];
      readonly addMemberIds: readonly string[];
      readonly removeMemberIds: readonly string[];
    }
  | { readonly type: 'DeleteGroup' }
  | {
      readonly type: 'CreateLocalGroup';
      readonly displayName: string;
      readonly memberIds: readonly string[];
    }
  | {
      readonly type: 'AdoptGroup';
      readonly displayName: string;
      readonly attributes: ExistingGroup['attributes'];
      readonly memberIds: readonly string[];
    };

/** Lets an intent be computed from the current members when a request replaces them all. */
export interface CurrentMembers {
  ids(): Promise<Set<string>>;
}

/**
 * The one write path for groups: load (snapshot + tail), decide with the membership facts of
 * exactly the ids the request touches, append with the expected revision and any displayName
 * reservation (atomically), snapshot when due.
 */
@Injectable()
export class GroupWriter {
  constructor(
    private readonly queue: StreamWriteQueue,
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    private readonly groups: GroupRepository,
    private readonly displayNames: GroupDisplayNames,
  ) {}

  async write(
    caller: ScimCaller,
    groupId: string,
    expectedRevision: number | undefined,
    intentFor: (
      current: LoadedGroup,
      members: CurrentMembers,
    ) => Promise<GroupIntent> | GroupIntent,
  ): Promise<WriteResult> {
    const groupStream = streams.group(caller.tenant, groupId);
    return this.queue.run(groupStream, () =>
      retryOnConflict(
        async () => {
          const current = await this.groups.load(caller.tenant, groupId);
          if (
            expectedRevision !== undefined &&
            current.state.status === 'present' &&
            expectedRevision !== current.revision
          ) {
            throw new RevisionMismatch();
          }
          const members: CurrentMembers = {
            ids: () => this.allMemberIds(caller.tenant, groupId, current),
          };
          const command = await this.commandOf(
            caller.tenant,
            groupId,
            await intentFor(current, members),
          );
          const touched = memberIdsTouchedBy(command);
          const present =
            touched.length === 0
              ? new Set<string>()
              : await this.membersAt(caller.tenant, groupId, current, touched);
          const events = decideGroup(command, current.state, present);
          if (events.length === 0) return { id: groupId, revision: current.revision, position: 0 };

          const occurredAt = new Date().toISOString();
          const newEvents = toNewEvents(events, caller, occurredAt);
          const result = await this.displayNames.append(
            caller,
            groupId,
            {
              streamId: groupStream,
              expected: current.revision < 0 ? 'no_stream' : current.revision,
              events: newEvents,
            },
            events,
          );
          const after: LoadedGroup = {
            ...current,
            state: events.reduce<GroupState>(evolveGroup, current.state),
            revision: result.nextRevisions[0]!,
            position: result.position,
            created: current.created === '' ? occurredAt : current.created,
            lastModified: occurredAt,
          };
          await this.groups.snapshotIfDue(caller.tenant, after, newEvents[0]!);
          return { id: groupId, revision: after.revision, position: result.position };
        },
        (error) => {
          if (error.streamId !== groupStream) return false;
          if (expectedRevision !== undefined) throw new RevisionMismatch();
          return true;
        },
      ),
    );
  }

  /** Turns member ids into typed members; ids that name nothing in the tenant are left out. */
  private async commandOf(
    tenant: string,
    groupId: string,
    intent: GroupIntent,
  ): Promise<GroupCommand> {
    switch (intent.type) {
      case 'CreateGroup':
        return {
          type: 'CreateGroup',
          data: {
            groupId,
            displayName: intent.displayName,
            attributes: intent.attributes,
            members: await this.typed(tenant, intent.memberIds),
          },
        };
      case 'ChangeGroup':
        return {
          type: 'ChangeGroup',
          data: {
            groupId,
            ...(intent.displayName === undefined ? {} : { displayName: intent.displayName }),
            ...(intent.attributes === undefined ? {} : { attributes: intent.attributes }),
            addMembers: await this.typed(tenant, intent.addMemberIds),
            removeMemberIds: intent.removeMemberIds,
          },
        };
      case 'DeleteGroup':
        return { type: 'DeleteGroup', data: { groupId } };
      case 'CreateLocalGroup':
        return {
          type: 'CreateLocalGroup',
          data: {
            groupId,
            displayName: intent.displayName,
            members: await this.typed(tenant, intent.memberIds),
          },
        };
      case 'AdoptGroup':
        return {
          type: 'AdoptGroup',
          data: {
            groupId,
            displayName: intent.displayName,
            attributes: intent.attributes,
            members: await this.typed(tenant, intent.memberIds),
          },
        };
      default: {
        const unhandled: never = intent;
        throw new Error(`Unhandled group intent ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /**
   * Members are typed by looking them up, in one query for the whole list. An id that names no
   * user or group of the tenant is skipped rather than refused: ids only come from us, so it names
   * a resource deleted since, and skipping it leaves the group as the deletion did (deleting a
   * user removes it from its groups). scim-sanity sends "fake-member-id" and expects 200.
   */
  private async typed(tenant: string, ids: readonly string[]): Promise<Member[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const found = await this.readModel.existingResources(tenant, unique);
    return unique.flatMap((value) => {
      const type = found.get(value);
      return type === undefined ? [] : [{ value, type }];
    });
  }

  /** Membership of `ids` as of (at least) the loaded revision, from the membership index. */
  private async membersAt(
    tenant: string,
    groupId: string,
    current: LoadedGroup,
    ids: readonly string[],
  ): Promise<Set<string>> {
    await this.caughtUp(tenant, groupId, current);
    return this.readModel.membersPresent(tenant, groupId, ids);
  }

  private async allMemberIds(
    tenant: string,
    groupId: string,
    current: LoadedGroup,
  ): Promise<Set<string>> {
    await this.caughtUp(tenant, groupId, current);
    const ids = new Set<string>();
    for await (const member of this.readModel.groupMembers(tenant, groupId)) ids.add(member.value);
    return ids;
  }

  /**
   * Membership facts older than the loaded revision would lead to wrong decisions; newer ones
   * only make the append fail on its expected revision and retry.
   */
  private async caughtUp(tenant: string, groupId: string, current: LoadedGroup): Promise<void> {
    if (current.revision < 0) return;
    await this.readModel.waitForPosition(current.position, this.options.readYourWritesTimeoutMs);
    const applied = await this.readModel.groupRevision(tenant, groupId);
    if (applied === undefined || applied < current.revision) {
      throw new ScimError(
        503,
        'The group index is catching up after a restart; retry the request in a few seconds',
      );
    }
  }
}

export function existingGroupOrNotFound(state: GroupState, groupId: string): ExistingGroup {
  if (state.status !== 'present')
    throw new DomainError('group_not_found', `No group with id ${groupId} in this tenant`);
  return state;
}
