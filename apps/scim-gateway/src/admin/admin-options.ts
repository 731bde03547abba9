/** Nest injection token of the admin API's configuration. */
export const ADMIN_OPTIONS = Symbol('AdminOptions');

export interface AdminOptions {
  /** ADMIN_BOOTSTRAP_TOKEN; the admin API answers 401 to everything while it is unset. */
  readonly bootstrapToken?: string | undefined;
}
