import type { ChangeUser, ExistingUser } from '#directory';
import { hashPassword, verifyPassword } from '../shared/password-hasher.js';
import type { DesiredUser } from './user-resource.js';

/** The ChangeUser command for a desired state; a re-sent unchanged password is no change. */
export async function changeUserCommand(
  current: ExistingUser,
  desired: DesiredUser,
): Promise<ChangeUser> {
  const { password } = desired;
  const samePassword =
    password === undefined ||
    (current.passwordHash !== undefined && (await verifyPassword(password, current.passwordHash)));
  const passwordHash = samePassword ? undefined : await hashPassword(password);
  return {
    type: 'ChangeUser',
    data: {
      userId: current.userId,
      userName: desired.userName,
      active: desired.active,
      attributes: desired.attributes,
      ...(passwordHash === undefined ? {} : { passwordHash }),
    },
  };
}
