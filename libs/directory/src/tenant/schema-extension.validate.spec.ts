import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.js';
import { maxAttributesPerSchema, validSchemaExtension } from './schema-extension.validate.js';

const id = 'urn:example:scim:acme:1.0:User';

/** The detail of the invalid_value error for a schema with these attributes. */
function problemWith(attributes: unknown, schema: Record<string, unknown> = {}): string {
  try {
    validSchemaExtension({
      resourceType: 'User',
      schema: { id, name: 'Acme', attributes, ...schema },
    });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_value');
    return (error as DomainError).detail;
  }
  throw new Error('expected the extension to be refused');
}

describe('validSchemaExtension', () => {
  it('accepts a schema pasted from another server, ignoring its schemas and meta', () => {
    const extension = validSchemaExtension({
      resourceType: 'User',
      schema: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
        meta: { resourceType: 'Schema' },
        id,
        name: 'Acme',
        attributes: [{ name: 'level', type: 'integer' }],
      },
    });
    expect(extension.schema).toEqual({
      id,
      name: 'Acme',
      attributes: [expect.objectContaining({ name: 'level', type: 'integer' })],
    });
    expect(extension.required).toBe(false);
  });

  it('defaults an attribute without a type to string (RFC 7643 §2.2)', () => {
    const extension = validSchemaExtension({
      resourceType: 'Group',
      schema: { id, name: 'Acme', attributes: [{ name: 'code' }] },
    });
    expect(extension.schema.attributes[0]?.type).toBe('string');
  });

  it('refuses a resource type other than User or Group, and a required that is not boolean', () => {
    expect(() => validSchemaExtension({ resourceType: 'Users', schema: {} })).toThrow(
      /resourceType "Users" is not valid; use "User" or "Group"/,
    );
    expect(() =>
      validSchemaExtension({ resourceType: 'User', schema: {}, required: 'yes' }),
    ).toThrow(/required must be true or false/);
  });

  it('refuses a schema without name or attributes, or with unknown members', () => {
    expect(problemWith([])).toMatch(/needs "attributes": a non-empty array/);
    expect(problemWith(undefined)).toMatch(/needs "attributes"/);
    expect(problemWith([{ name: 'a' }], { name: ' ' })).toMatch(/needs a name/);
    expect(problemWith([{ name: 'a' }], { attributs: [] })).toMatch(/unknown member "attributs"/);
    expect(problemWith([{ name: 'a' }], { id: 'urn:acme' })).toMatch(/is not a URN/);
    expect(problemWith([{ name: 'a' }], { id: 'urn:acme:ext:' })).toMatch(/is not a URN/);
    expect(problemWith([{ name: 'a' }], { id: 'urn:acme:has space' })).toMatch(/is not a URN/);
  });

  it('refuses attribute names RFC 7643 §2.1 does not allow, and duplicates ignoring case', () => {
    expect(problemWith([{ name: '1st' }])).toMatch(/attributes\[0\] has name "1st"/);
    expect(problemWith([{ name: 'a.b' }])).toMatch(/starts with a letter/);
    expect(problemWith([{ type: 'string' }])).toMatch(/has name undefined/);
    expect(problemWith([{ name: '$ref' }])).toMatch(/has name "\$ref"/);
    expect(problemWith([{ name: 'Level' }, { name: 'level' }])).toMatch(
      /defines "level" twice \(names are compared ignoring case\)/,
    );
  });

  it('refuses unknown characteristics and values outside RFC 7643 §7', () => {
    expect(problemWith([{ name: 'a', mutabilty: 'readOnly' }])).toMatch(
      /\("a"\) has unknown characteristic "mutabilty"; use name, type, multiValued/,
    );
    expect(problemWith([{ name: 'a', mutability: 'readonly' }])).toMatch(
      /mutability "readonly"; use one of readOnly, readWrite, immutable, writeOnly/,
    );
    expect(problemWith([{ name: 'a', returned: 'sometimes' }])).toMatch(
      /use one of always, never, default, request/,
    );
    expect(problemWith([{ name: 'a', uniqueness: 'tenant' }])).toMatch(
      /use one of none, server, global/,
    );
    expect(problemWith([{ name: 'a', multiValued: 'true' }])).toMatch(
      /multiValued "true"; use true or false/,
    );
    expect(problemWith([{ name: 'a', canonicalValues: [1] }])).toMatch(
      /canonicalValues that is not an array of strings/,
    );
    expect(problemWith([{ name: 'a', referenceTypes: ['User'] }])).toMatch(
      /only attributes of type "reference" take/,
    );
  });

  it('allows sub-attributes on complex attributes only, one level deep', () => {
    expect(problemWith([{ name: 'a', subAttributes: [{ name: 'b' }] }])).toMatch(
      /only "complex" attributes take/,
    );
    expect(problemWith([{ name: 'a', type: 'complex' }])).toMatch(
      /is "complex" and needs subAttributes/,
    );
    expect(
      problemWith([
        {
          name: 'a',
          type: 'complex',
          subAttributes: [{ name: 'b', type: 'complex', subAttributes: [{ name: 'c' }] }],
        },
      ]),
    ).toMatch(/attributes\[0\] \("a"\)\.subAttributes\[0\] \("b"\) is complex inside a complex/);
    expect(
      problemWith([{ name: 'a', type: 'complex', subAttributes: [{ name: 'b', type: 'x' }] }]),
    ).toMatch(/attributes\[0\] \("a"\)\.subAttributes\[0\] \("b"\) has type "x"/);
  });

  it(`refuses more than ${maxAttributesPerSchema} attributes, sub-attributes included`, () => {
    const many = Array.from({ length: maxAttributesPerSchema + 1 }, (_, i) => ({ name: `a${i}` }));
    expect(problemWith(many)).toMatch(/split it into several extensions/);
    const nested = Array.from({ length: 101 }, (_, i) => ({
      name: `c${i}`,
      type: 'complex',
      subAttributes: [{ name: 'value' }],
    }));
    expect(problemWith(nested)).toMatch(/sub-attributes included/);
  });
});
