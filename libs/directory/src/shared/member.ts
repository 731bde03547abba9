export type MemberType = 'User' | 'Group';

export interface Member {
  /** The `id` of the member resource in the same tenant. */
  readonly value: string;
  readonly type: MemberType;
}
