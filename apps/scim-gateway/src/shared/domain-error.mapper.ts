import type { DomainError } from '#directory';
import { ScimError } from '#scim';

/** DESIGN decision 9: the one place where domain error codes become HTTP status and scimType. */
export function scimErrorFromDomain(error: DomainError): ScimError {
  switch (error.code) {
    case 'user_not_found':
    case 'group_not_found':
    case 'tenant_not_found':
    case 'token_not_found':
    case 'app_registration_not_found':
    case 'client_secret_not_found':
    case 'schema_extension_not_found':
      return new ScimError(404, error.detail);
    case 'user_name_taken':
    case 'group_display_name_taken':
    case 'already_exists':
    case 'tenant_exists':
      return new ScimError(409, error.detail, 'uniqueness');
    case 'invalid_value':
    case 'invalid_member':
      return new ScimError(400, error.detail, 'invalidValue');
    case 'mutability':
      return new ScimError(400, error.detail, 'mutability');
    case 'user_not_erasable':
      return new ScimError(409, error.detail);
    default: {
      const unhandled: never = error.code;
      return new ScimError(500, `Unmapped domain error ${String(unhandled)}`);
    }
  }
}
