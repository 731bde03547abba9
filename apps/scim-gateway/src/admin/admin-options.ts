import type { AdminSignInConfig } from '#platform';

/** Nest injection token of the admin API's configuration. */
export const ADMIN_OPTIONS = Symbol('AdminOptions');

export interface AdminOptions {
  /** ADMIN_BOOTSTRAP_TOKEN; without it and without sign-in, the admin API answers 401 to everything. */
  readonly bootstrapToken?: string | undefined;
  /** ADMIN_OAUTH_*: admin sign-in through the organisation's IdP; /admin/sign-in is 404 while unset. */
  readonly signIn?: AdminSignInConfig | undefined;
}
