import { scimActiveOf, type ChangeUser, type ExistingUser } from '#directory';
import { hashPassword, verifyPassword } from '../shared/password-hasher.js';
import type { DesiredUser } from './user-resource.js';

/**
 * What a desired user without `active` asks for. A PATCH result is the whole user after the
 * operations, so no `active` there means an operation removed it (scim2-tester's
 * check_remove_attribute). A PUT body without it keeps the current value: RFC 7644 §3.5.1 lets
 * the server treat an omitted attribute as not asserted, and clearing it would enable a disabled
 * account through a partial PUT.
 */
export type ActiveLeftOut = 'removes' | 'keeps';

/**
 * The ChangeUser command for a desired state. `password` is write-only (RFC 7643 §4.1.1): left
 * out (Okta echoes GET bodies, which never hold it) the stored hash stays, and a re-sent
 * unchanged password is no change either.
 */
export async function changeUserCommand(
  current: ExistingUser,
  desired: DesiredUser,
  activeLeftOut: ActiveLeftOut,
): Promise<ChangeUser> {
  const { password } = desired;
  const samePassword =
    password === undefined ||
    (current.passwordHash !== undefined && (await verifyPassword(password, current.passwordHash)));
  const passwordHash = samePassword ? undefined : await hashPassword(password);
  const keptActive = activeLeftOut === 'keeps' ? (scimActiveOf(current) ?? null) : null;
  return {
    type: 'ChangeUser',
    data: {
      userId: current.userId,
      userName: desired.userName,
      active: desired.active ?? keptActive,
      attributes: desired.attributes,
      ...(passwordHash === undefined ? {} : { passwordHash }),
    },
  };
}
