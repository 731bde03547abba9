/** RFC 7644 §3.12, Table 9: the detail error keywords of a SCIM error response. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The JSON body of a SCIM error response (RFC 7644 §3.12); `status` is a string. */
export interface ScimErrorBody {
  readonly schemas: readonly [typeof SCIM_ERROR_SCHEMA];
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/** RFC 7644 §3.12: the HTTP status that goes with each scimType. */
function statusOf(scimType: ScimType): number {
  switch (scimType) {
    case 'uniqueness':
      return 409;
    case 'sensitive':
      return 403;
    case 'invalidFilter':
    case 'tooMany':
    case 'mutability':
    case 'invalidSyntax':
    case 'invalidPath':
    case 'noTarget':
    case 'invalidValue':
    case 'invalidVers':
      return 400;
    default: {
      const unhandled: never = scimType;
      throw new Error(`Unhandled scimType ${String(unhandled)}`);
    }
  }
}

/**
 * A protocol error the HTTP layer answers as-is. `detail` reaches IdP administrators (Okta shows it
 * in its task list), so it names the attribute, value or position at fault.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly detail: string;

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.detail = detail;
    if (scimType !== undefined) this.scimType = scimType;
  }

  static of(scimType: ScimType, detail: string): ScimError {
    return new ScimError(statusOf(scimType), detail, scimType);
  }

  static invalidFilter(detail: string): ScimError {
    return ScimError.of('invalidFilter', detail);
  }
  static tooMany(detail: string): ScimError {
    return ScimError.of('tooMany', detail);
  }
  static uniqueness(detail: string): ScimError {
    return ScimError.of('uniqueness', detail);
  }
  static mutability(detail: string): ScimError {
    return ScimError.of('mutability', detail);
  }
  static invalidSyntax(detail: string): ScimError {
    return ScimError.of('invalidSyntax', detail);
  }
  static invalidPath(detail: string): ScimError {
    return ScimError.of('invalidPath', detail);
  }
  static noTarget(detail: string): ScimError {
    return ScimError.of('noTarget', detail);
  }
  static invalidValue(detail: string): ScimError {
    return ScimError.of('invalidValue', detail);
  }
  static invalidVers(detail: string): ScimError {
    return ScimError.of('invalidVers', detail);
  }
  static sensitive(detail: string): ScimError {
    return ScimError.of('sensitive', detail);
  }

  /** 400 without a scimType, for bad requests none of the keywords describes. */
  static badRequest(detail: string): ScimError {
    return new ScimError(400, detail);
  }
  static unauthorized(detail: string): ScimError {
    return new ScimError(401, detail);
  }
  static forbidden(detail: string): ScimError {
    return new ScimError(403, detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, detail);
  }
  /** 409 uniqueness: the duplicate create Okta's SPEC test and Entra's validator expect. */
  static conflict(detail: string): ScimError {
    return ScimError.uniqueness(detail);
  }
  /** 412: `If-Match` named a version that is no longer current (RFC 7644 §3.14). */
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, detail);
  }
  static payloadTooLarge(detail: string): ScimError {
    return new ScimError(413, detail);
  }
  static internal(detail: string): ScimError {
    return new ScimError(500, detail);
  }
  static notImplemented(detail: string): ScimError {
    return new ScimError(501, detail);
  }
}

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}

/** The response body of a SCIM error, `status` as a string as RFC 7644 §3.12 shows it. */
export function toScimErrorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType === undefined ? {} : { scimType: error.scimType }),
    detail: error.detail,
  };
}
