import { unreachable } from '../shared/unreachable.js';
import type { GroupCommand } from './group.commands.js';

/**
 * Whether ids are members of the group, as of the stream revision the decision is made against.
 * The caller builds it from its membership index for exactly the ids the command touches
 * (`memberIdsTouchedBy`); a `Set<string>` of the current members among them is enough.
 */
export interface MembershipView {
  has(memberId: string): boolean;
}

/** The ids whose membership `decideGroup` asks the view about, without duplicates. */
export function memberIdsTouchedBy(command: GroupCommand): string[] {
  switch (command.type) {
    case 'CreateGroup':
    case 'CreateLocalGroup':
    case 'DeleteGroup':
      return [];
    case 'AdoptGroup':
      return [...new Set(command.data.members.map((member) => member.value))];
    case 'ChangeGroup': {
      const { addMembers, removeMemberIds } = command.data;
      return [...new Set([...removeMemberIds, ...addMembers.map((member) => member.value)])];
    }
    default:
      return unreachable(command);
  }
}
