import { ScimError } from '#scim';

/** What a request was, for the detail of errors raised before any route ran. */
export interface RequestFacts {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly contentType: string | undefined;
  /** The body limit of the route the request reached, in bytes. */
  readonly bodyLimit: number | undefined;
}

/**
 * Fastify rejects some requests before any route runs (body parsing, size, media type); Nest hands
 * them on as an HttpException whose `cause` is the Fastify error. Each becomes a SCIM error whose
 * detail tells the administrator what to change; anything else is left to the caller.
 */
export function scimErrorFromFastify(error: unknown, request: RequestFacts): ScimError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode, message } = error as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  if (typeof code !== 'string' || typeof statusCode !== 'number') return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return ScimError.payloadTooLarge(
        `The request body is larger than the ${sizeOf(request.bodyLimit)} this service accepts; send fewer operations or members per request`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(
        415,
        `Content-Type ${request.contentType === undefined ? 'is missing' : `"${request.contentType}" is not supported`}; send the body as application/scim+json or application/json`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ScimError.invalidSyntax('The request body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return ScimError.invalidSyntax(
        'The request body is not valid JSON (or names a key "__proto__", which is refused); send one JSON object',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return ScimError.invalidSyntax('The Content-Length header does not match the body');
    default:
      return statusCode >= 400 && statusCode < 500
        ? new ScimError(statusCode, String(message))
        : undefined;
  }
}

/** 10485760 → "10 MiB (10485760 bytes)", so the administrator can compare with what they send. */
function sizeOf(bytes: number | undefined): string {
  if (bytes === undefined) return 'size';
  const mebibytes = bytes / (1024 * 1024);
  const kibibytes = bytes / 1024;
  const rounded =
    mebibytes >= 1 ? `${Number(mebibytes.toFixed(1))} MiB` : `${Number(kibibytes.toFixed(1))} KiB`;
  return `${rounded} (${bytes} bytes)`;
}
