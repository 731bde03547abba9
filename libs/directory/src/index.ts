// Public surface of the directory: the pure write model (deciders, events, commands, errors).

export type { Attributes, JsonValue } from './shared/json.js';
export type { Member, MemberType } from './shared/member.js';
export { streams, streamPrefixes } from './shared/streams.js';
export {
  DomainError,
  domainErrorCodes,
  isDomainError,
  type DomainErrorCode,
} from './shared/domain-error.js';
export { jsonEquals } from './shared/json-equality.js';
export { diffAttributes, applyAttributeDiff, type AttributeDiff } from './shared/attribute-diff.js';
export {
  upcast,
  currentSchemaVersion,
  isDirectoryEventType,
  directoryEventTypes,
  type DirectoryEvent,
  type DirectoryEventType,
} from './shared/upcast.js';

export * from './user/user.events.js';
export type {
  UserCommand,
  ProvisionUser,
  ChangeUser,
  DeleteUser,
  EraseUser,
} from './user/user.commands.js';
export {
  initialUserState,
  isExistingUser,
  scimActiveOf,
  type UserState,
  type ExistingUser,
  type DeletedUser,
  type HiddenUser,
} from './user/user.state.js';
export { evolveUser } from './user/user.evolve.js';
export { decideUser } from './user/user.decide.js';
export { normaliseUserName, userNameReservationsFor } from './user/user-name.js';
export { erasedValueOf, personalFieldsOf, type PersonalFields } from './user/user-personal-data.js';
export {
  normaliseUniqueValue,
  reservationChangesFor,
  type ReservationChanges,
  type UniqueValueChange,
} from './shared/unique-value.js';

export * from './group/group.events.js';
export type {
  GroupCommand,
  CreateGroup,
  ChangeGroup,
  DeleteGroup,
  CreateLocalGroup,
  AdoptGroup,
} from './group/group.commands.js';
export {
  initialGroupState,
  type GroupState,
  type ExistingGroup,
  type DeletedGroup,
  type GroupManager,
} from './group/group.state.js';
export { evolveGroup } from './group/group.evolve.js';
export { decideGroup } from './group/group.decide.js';
export { memberIdsTouchedBy, type MembershipView } from './group/group.membership.js';
export {
  normaliseDisplayName,
  displayNameReservationsFor,
  localDisplayNameReservationsFor,
} from './group/group-display-name.js';
export {
  groupSnapshot,
  groupFromSnapshot,
  shouldSnapshot,
  groupSnapshotEventType,
  groupSnapshotVersion,
  groupSnapshotInterval,
  type GroupSnapshot,
} from './group/group.snapshot.js';

export * from './tenant/tenant.events.js';
export type {
  TenantCommand,
  RegisterTenant,
  IssueBearerToken,
  RevokeBearerToken,
  ChooseIdpPreset,
  RegisterSchemaExtension,
  RemoveSchemaExtension,
  SetProvisioning,
  SetSeatLimit,
  SetRoleRule,
  ChooseDeletionPolicy,
  ChooseGroupMatchingPolicy,
} from './tenant/tenant.commands.js';
export {
  initialTenantState,
  type TenantState,
  type RegisteredTenant,
  type TenantBearerToken,
} from './tenant/tenant.state.js';
export { evolveTenant } from './tenant/tenant.evolve.js';
export {
  evolveTenantProfile,
  isTenantProfileEvent,
  type TenantProfile,
  type TenantProfileEvent,
} from './tenant/tenant-profile.evolve.js';
export { decideTenant } from './tenant/tenant.decide.js';
export { isValidTenantId } from './tenant/tenant-id.js';
export {
  deletionPolicies,
  isDeletionPolicy,
  defaultDeletionPolicy,
  type DeletionPolicy,
} from './tenant/deletion-policy.js';
export {
  groupMatchingPolicies,
  isGroupMatchingPolicy,
  defaultGroupMatchingPolicy,
  type GroupMatchingPolicy,
} from './tenant/group-matching-policy.js';
export { idpPresets, isIdpPreset, defaultIdpPreset, type IdpPreset } from './tenant/idp-preset.js';
export {
  sameSchemaId,
  type ExtensionAttribute,
  type ExtensionAttributeInput,
  type ExtensionResourceType,
  type ExtensionSchema,
  type ExtensionSchemaInput,
  type TenantSchemaExtension,
} from './tenant/schema-extension.js';
export { roleFor, type RoleRule } from './tenant/role-rule.js';

export * from './app-registration/app-registration.events.js';
export type {
  AppRegistrationCommand,
  CreateAppRegistration,
  ChangeAppRegistration,
  AddClientSecret,
  RevokeClientSecret,
  RecordConsent,
  DeleteAppRegistration,
  NewClientSecret,
} from './app-registration/app-registration.commands.js';
export {
  initialAppRegistrationState,
  isSecretActive,
  type AppRegistrationState,
  type RegisteredApp,
  type ClientSecret,
} from './app-registration/app-registration.state.js';
export { evolveAppRegistration } from './app-registration/app-registration.evolve.js';
export {
  decideAppRegistration,
  accessTokenLifetimeBounds,
  maxActiveClientSecrets,
} from './app-registration/app-registration.decide.js';
export { storedEventOf } from './testing/stored-event.js';
