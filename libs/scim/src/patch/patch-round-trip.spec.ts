import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import { getMember, isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import { normaliseResource } from '../resource/normalise-resource.js';
import type { AttributeDefinition } from '../schema/attribute-definition.js';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { SchemaRegistry, type ResourceTypeName } from '../schema/schema-registry.js';
import { applyGroupPatch, applyPatch } from './apply-patch.js';

/**
 * scim2-tester checks 18–20: add, replace and remove of every non-required writable attribute,
 * the extension root URN and each extension attribute by its full URN path. The value must come
 * back equal, and the result must be a resource a POST would accept.
 */
const registry = new SchemaRegistry({
  extensions: [{ resourceType: 'User', schema: document360UserSchema }],
});
const PATCH_OP = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];

let counter = 0;
function sample(definition: AttributeDefinition): JsonValue {
  const one = (): JsonValue => {
    counter += 1;
    switch (definition.type) {
      case 'complex':
        return Object.fromEntries(
          (definition.subAttributes ?? [])
            .filter((sub) => sub.mutability !== 'readOnly')
            .map((sub) => [sub.name, sub.name === 'primary' ? true : sample(sub)]),
        );
      case 'boolean':
        return counter % 2 === 0;
      case 'integer':
        return counter;
      case 'decimal':
        return counter + 0.5;
      case 'dateTime':
        return '2024-05-13T04:42:34Z';
      case 'binary':
        return 'aGVsbG8gd29ybGQ=';
      case 'reference':
        return `https://example.com/ref/${counter}`;
      case 'string':
        return `value-${counter}`;
      default: {
        const unhandled: never = definition.type;
        throw new Error(`Unhandled type ${String(unhandled)}`);
      }
    }
  };
  return definition.multiValued ? [one()] : one();
}

interface Target {
  readonly path: string;
  readonly definition: AttributeDefinition;
  readonly read: (resource: JsonObject) => JsonValue | undefined;
}

function targets(resourceType: ResourceTypeName): Target[] {
  return registry
    .topLevelAttributes(resourceType)
    .filter(
      ({ definition }) =>
        !definition.required &&
        definition.mutability !== 'readOnly' &&
        // members are patched as deltas, covered by apply-group-patch.spec.ts
        definition.name !== 'members',
    )
    .map(({ schema, definition }) => ({
      path: schema === undefined ? definition.name : `${schema}:${definition.name}`,
      definition,
      read: (resource) => {
        if (schema === undefined) return getMember(resource, definition.name);
        const extension = getMember(resource, schema);
        return isJsonObject(extension) ? getMember(extension, definition.name) : undefined;
      },
    }));
}

const base: Record<ResourceTypeName, JsonObject> = {
  User: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'u1',
    userName: 'jdoe',
  },
  Group: {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: 'g1',
    displayName: 'Sales',
  },
};

function patch(resourceType: ResourceTypeName, resource: JsonObject, operation: object) {
  const body = { schemas: PATCH_OP, Operations: [operation] };
  const result =
    resourceType === 'Group'
      ? applyGroupPatch(resource, body, { registry }).resource
      : applyPatch(resource, body, { registry, resourceType });
  // What the gateway does next: the result must pass the checks a POST body passes.
  return normaliseResource(result, { registry, resourceType, input: 'patchResult' });
}

describe.each(['User', 'Group'] as const)('PATCH round trips on a %s', (resourceType) => {
  it.each(targets(resourceType).map((target) => [target.path, target] as const))(
    'adds, replaces and removes %s',
    (_path, target) => {
      for (const op of ['add', 'replace'] as const) {
        const value = sample(target.definition);
        const patched = patch(resourceType, base[resourceType], { op, path: target.path, value });
        expect(target.read(patched)).toEqual(value);
        const removed = patch(resourceType, patched, { op: 'remove', path: target.path });
        expect(target.read(removed)).toBeUndefined();
      }
    },
  );

  it('replaces the required attributes', () => {
    const name = resourceType === 'User' ? 'userName' : 'displayName';
    expect(
      patch(resourceType, base[resourceType], { op: 'replace', path: name, value: 'x' })[name],
    ).toBe('x');
  });
});

describe('PATCH of an extension root URN (scim2-tester check 18)', () => {
  const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  const value = {
    schemas: [ENTERPRISE],
    employeeNumber: '701984',
    costCenter: '4130',
    manager: { value: 'm1', $ref: 'https://example.com/scim/v2/acme/Users/m1' },
  };

  it.each(['add', 'replace'])('%s takes the extension object, ignoring its schemas key', (op) => {
    const patched = patch('User', base.User, { op, path: ENTERPRISE, value });
    const { schemas: _schemas, ...attributes } = value;
    expect(patched[ENTERPRISE]).toEqual(attributes);
    expect(patched['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
    expect(patch('User', patched, { op: 'remove', path: ENTERPRISE })[ENTERPRISE]).toBeUndefined();
  });

  it('clears the extension when Entra sends null', () => {
    const patched = patch('User', base.User, { op: 'add', path: ENTERPRISE, value });
    expect(
      patch('User', patched, { op: 'replace', path: ENTERPRISE, value: null })[ENTERPRISE],
    ).toBeUndefined();
  });
});

describe('PATCH results a POST would reject', () => {
  const failure = (operations: object[]): ScimError => {
    try {
      const result = applyPatch(
        base.User,
        { schemas: PATCH_OP, Operations: operations },
        { registry, resourceType: 'User' },
      );
      normaliseResource(result, { registry, resourceType: 'User', input: 'patchResult' });
    } catch (error) {
      if (error instanceof ScimError) return error;
      throw error;
    }
    throw new Error('the patch applied');
  };

  it('refuses two primary values with invalidValue', () => {
    const error = failure([
      {
        op: 'replace',
        path: 'emails',
        value: [
          { value: 'a@x.org', primary: true },
          { value: 'b@x.org', primary: true },
        ],
      },
    ]);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain('primary');
  });

  it('refuses a date-time or binary value that is not one, naming the path', () => {
    expect(
      failure([{ op: 'add', path: 'x509Certificates', value: [{ value: '%%% not base64' }] }]),
    ).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('base64') });
  });
});
