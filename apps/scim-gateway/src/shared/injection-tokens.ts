/** Nest injection tokens for the ports the gateway is composed with. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL = Symbol('DirectoryReadModel');
export const GATEWAY_OPTIONS = Symbol('GatewayOptions');
export const PERSONAL_DATA_KEYS = Symbol('PersonalDataKeyStore');

export interface GatewayOptions {
  /** Origin for `Location` and `meta.location`; when unset it comes from the request. */
  readonly publicUrl: string | undefined;
  readonly readYourWritesTimeoutMs: number;
  /** AUTH_FAILURE_LIMIT_PER_MINUTE: failed authentications per client IP and tenant (default 20). */
  readonly authFailureLimitPerMinute?: number;
}
