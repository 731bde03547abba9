import type { GroupState, UserState } from '#directory';
import { groupView, userView, withoutPersonalData } from './changes.js';
import type { GroupDiff, ResourceDiff } from './resource-diff.js';
import type { GroupAt, ResourceAt } from './resource-at.js';

/**
 * The JSON an auditor reads, shared by the audit API and the audit CLI: the resource's status,
 * revision, position and times, and its attributes as the audit shows them (null when it did not
 * exist at that moment).
 */
export function userReport(id: string, at: ResourceAt<UserState>) {
  const { state, ...meta } = at;
  const view = at.personalDataErased ? withoutPersonalData(userView(state)) : userView(state);
  return { id, status: state.status, ...meta, attributes: view ?? null };
}

export function groupReport(id: string, at: GroupAt) {
  const { state, members, ...meta } = at;
  return {
    id,
    status: state.status,
    ...meta,
    attributes: groupView(state) ?? null,
    ...(members === undefined ? {} : { members }),
  };
}

/** A diff with each end summed up by its status, revision, position and time. */
export function diffReport(diff: ResourceDiff<ResourceAt<UserState | GroupState>> | GroupDiff) {
  const { from, to, ...changes } = diff;
  return { from: moment(from), to: moment(to), ...changes };
}

function moment(at: ResourceAt<UserState | GroupState>) {
  return {
    status: at.state.status,
    revision: at.revision,
    position: at.position,
    lastModified: at.lastModified,
    ...(at.personalDataErased ? { personalDataErased: true } : {}),
  };
}
