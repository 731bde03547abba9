export { type HistoryPoint, parseInstant } from './history-point.js';
export {
  type GroupAt,
  groupAt,
  type GroupMemberAt,
  type ResourceAt,
  userAt,
} from './resource-at.js';
export {
  type AttributeChange,
  attributeChanges,
  groupView,
  userChanges,
  userView,
} from './changes.js';
export { groupTimeline, type TimelineEntry, userTimeline } from './timeline.js';
export { groupDiff, type GroupDiff, type ResourceDiff, userDiff } from './resource-diff.js';
export { diffReport, groupReport, userReport } from './reports.js';
export {
  type ChainHead,
  type ChainLink,
  eventDigest,
  GENESIS_HASH,
  linkHash,
} from './chain/event-digest.js';
export { canonicalJson } from './chain/canonical-json.js';
export {
  ChainConflictError,
  type ChainStore,
  openSqliteChainStore,
  SqliteChainStore,
} from './chain/chain-store.js';
export {
  ChainKeeper,
  type ChainKeeperOptions,
  type ChainKeeperStatus,
} from './chain/chain-keeper.js';
export {
  type ChainBreak,
  type ChainBreakReason,
  type ChainVerification,
  verifyChain,
  type VerifyChainOptions,
} from './chain/verify-chain.js';
export {
  generateSigningKeyPair,
  type ManifestFields,
  type SignedManifest,
  signingKeyId,
  signManifest,
  type SigningKeyPair,
  verifyManifest,
} from './chain/manifest.js';
