import { describe, expect, it } from '@jest/globals';
import { ScimError, isScimError, toScimErrorBody } from './scim-error.js';

describe('ScimError', () => {
  it('answers a uniqueness conflict as 409 with the error schema and a string status', () => {
    const error = ScimError.conflict('userName "a@x" is already taken');
    expect(toScimErrorBody(error)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName "a@x" is already taken',
    });
  });

  it('maps every 400 keyword to status 400 and sensitive to 403', () => {
    const badRequests = [
      'invalidFilter',
      'tooMany',
      'mutability',
      'invalidSyntax',
      'invalidPath',
      'noTarget',
      'invalidValue',
      'invalidVers',
    ] as const;
    for (const scimType of badRequests) {
      expect(ScimError.of(scimType, 'x').status).toBe(400);
    }
    expect(ScimError.invalidFilter('x')).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect(ScimError.sensitive('x').status).toBe(403);
  });

  it('leaves scimType out of the body for plain statuses such as 404 and 412', () => {
    expect(toScimErrorBody(ScimError.notFound('User 42 not found'))).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: 'User 42 not found',
    });
    expect(ScimError.preconditionFailed('stale').status).toBe(412);
    expect(ScimError.unauthorized('no token').status).toBe(401);
  });

  it('is an Error whose message is the detail', () => {
    const error = ScimError.invalidPath('bad path');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('bad path');
    expect(isScimError(error)).toBe(true);
    expect(isScimError(new Error('x'))).toBe(false);
  });
});
