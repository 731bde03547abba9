import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiResponse,
  ApiTags,
  type ApiResponseOptions,
  type SchemaObject,
} from '@nestjs/swagger';
import { deletionPolicies, groupMatchingPolicies, idpPresets } from '#directory';

/**
 * OpenAPI descriptions of the admin API, for /admin/openapi.json only. The controllers take
 * `unknown` bodies and check them by hand (so every mistake gets a `detail` that says what to
 * fix); these schemas describe what those checks accept and change nothing at run time.
 */

/** Name of the HTTP bearer security scheme in the document. */
export const adminBearer = 'adminBearer';

const scimError: SchemaObject = {
  type: 'object',
  description: 'SCIM Error (RFC 7644 §3.12); `detail` tells the admin what to fix',
  required: ['schemas', 'status', 'detail'],
  properties: {
    schemas: {
      type: 'array',
      items: { type: 'string', example: 'urn:ietf:params:scim:api:messages:2.0:Error' },
    },
    status: { type: 'string', example: '400' },
    scimType: { type: 'string', example: 'invalidValue' },
    detail: { type: 'string' },
  },
};

const extensionAttribute: SchemaObject = {
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', example: 'isTeamAccount' },
    type: {
      type: 'string',
      enum: ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex'],
    },
    multiValued: { type: 'boolean' },
    required: { type: 'boolean' },
    caseExact: { type: 'boolean' },
    mutability: { type: 'string', enum: ['readOnly', 'readWrite', 'immutable', 'writeOnly'] },
    returned: { type: 'string', enum: ['always', 'never', 'default', 'request'] },
    uniqueness: { type: 'string', enum: ['none', 'server', 'global'] },
    description: { type: 'string' },
    canonicalValues: { type: 'array', items: { type: 'string' } },
    subAttributes: { type: 'array', items: { type: 'object' } },
  },
};

const extensionSchema: SchemaObject = {
  type: 'object',
  required: ['id', 'name', 'attributes'],
  properties: {
    id: { type: 'string', example: 'urn:example:scim:acme:1.0:User' },
    name: { type: 'string', example: 'AcmeUser' },
    description: { type: 'string' },
    attributes: { type: 'array', items: extensionAttribute },
  },
};

const schemaExtension: SchemaObject = {
  type: 'object',
  properties: {
    resourceType: { type: 'string', enum: ['User', 'Group'] },
    schema: extensionSchema,
    required: { type: 'boolean', description: 'Whether every resource must carry the extension' },
  },
};

const roleRule: SchemaObject = {
  type: 'object',
  required: ['attribute', 'whenTrue', 'whenFalse'],
  properties: {
    attribute: {
      type: 'string',
      description:
        "A single-valued boolean attribute of a registered User extension: '<URN>:<name>'",
      example: 'urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount',
    },
    whenTrue: { type: 'string', example: 'team' },
    whenFalse: { type: 'string', example: 'member' },
  },
};

const tenant: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'acme' },
    name: { type: 'string', example: 'Acme Corp' },
    idpPreset: { type: 'string', enum: [...idpPresets] },
    schemaExtensions: { type: 'array', items: schemaExtension },
    provisioningEnabled: { type: 'boolean' },
    deletionPolicy: { type: 'string', enum: [...deletionPolicies] },
    groupMatching: {
      type: 'string',
      enum: [...groupMatchingPolicies],
      description: 'What SCIM POST /Groups does with a local group of the same displayName',
    },
    seatLimit: { type: 'integer', nullable: true },
    roleRule: { ...roleRule, nullable: true },
    scimBaseUrl: { type: 'string', example: 'https://scim.example.com/scim/v2/acme' },
  },
};

const groupSummary: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string', example: 'Sales' },
    managedBy: {
      type: 'string',
      enum: ['local', 'scim'],
      description: '`local`: made here, invisible to SCIM until a SCIM POST adopts it',
    },
    memberCount: { type: 'integer' },
  },
};

const localGroup: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string', example: 'Sales' },
    members: { type: 'array', items: { type: 'string' }, description: 'User ids' },
    managedBy: { type: 'string', enum: ['local', 'scim'] },
  },
};

const tokenSummary: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: 'string', example: 'okta' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    revoked: { type: 'boolean' },
  },
};

/** Request bodies, as the hand checks in the controllers accept them. */
export const bodies = {
  registerTenant: {
    type: 'object',
    required: ['id', 'name'],
    properties: {
      id: { type: 'string', example: 'acme' },
      name: { type: 'string', example: 'Acme Corp' },
    },
  },
  idpPreset: {
    type: 'object',
    required: ['preset'],
    properties: { preset: { type: 'string', enum: [...idpPresets] } },
  },
  provisioning: {
    type: 'object',
    required: ['enabled'],
    properties: { enabled: { type: 'boolean', example: false } },
  },
  deletionPolicy: {
    type: 'object',
    required: ['policy'],
    properties: { policy: { type: 'string', enum: [...deletionPolicies] } },
  },
  groupMatching: {
    type: 'object',
    required: ['policy'],
    properties: { policy: { type: 'string', enum: [...groupMatchingPolicies] } },
  },
  localGroup: {
    type: 'object',
    required: ['displayName'],
    properties: {
      displayName: {
        type: 'string',
        example: 'Sales',
        description: "Unique among the tenant's local groups, ignoring case",
      },
      members: {
        type: 'array',
        items: { type: 'string' },
        description: 'Ids of users of the tenant',
      },
    },
  },
  schemaExtension: { ...schemaExtension, required: ['resourceType', 'schema'] },
  seatLimit: {
    type: 'object',
    required: ['limit'],
    properties: {
      limit: { type: 'integer', minimum: 0, nullable: true, description: '`null` lifts the cap' },
    },
  },
  roleRule: { ...roleRule, nullable: true, description: '`null` removes the rule' },
  erasure: {
    type: 'object',
    nullable: true,
    description: 'Optional',
    properties: {
      requestReference: {
        type: 'string',
        maxLength: 200,
        example: 'DSR-2041',
        description:
          "Your reference of the data subject's request (a ticket id), kept with the erasure; not a name or an email (an `@` is refused)",
      },
    },
  },
  issueToken: {
    type: 'object',
    nullable: true,
    description: 'Optional; both members may be left out',
    properties: {
      label: { type: 'string', maxLength: 100, default: 'admin', example: 'okta' },
      expiresAt: {
        type: 'string',
        format: 'date-time',
        description: 'RFC 3339 with an offset, in the future; left out, the token never expires',
      },
    },
  },
} satisfies Record<string, SchemaObject>;

/** Response bodies of successful calls. */
export const answers = {
  registeredTenant: {
    type: 'object',
    properties: {
      id: { type: 'string', example: 'acme' },
      name: { type: 'string', example: 'Acme Corp' },
      scimBaseUrl: { type: 'string', example: 'https://scim.example.com/scim/v2/acme' },
    },
  },
  tenant,
  schemaExtension,
  issuedToken: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      token: { type: 'string', description: 'The secret; shown this once, only its hash is kept' },
      label: { type: 'string' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  localGroup,
  erasure: {
    type: 'object',
    properties: {
      tenant: { type: 'string', example: 'acme' },
      userId: { type: 'string' },
      erasedAt: { type: 'string', format: 'date-time', description: 'When the key was destroyed' },
      requestReference: { type: 'string', example: 'DSR-2041' },
      alreadyErased: {
        type: 'boolean',
        description: 'True when the user had been erased before: this call changed nothing',
      },
    },
  },
  groupList: {
    type: 'object',
    properties: { groups: { type: 'array', items: groupSummary } },
  },
  tokenList: {
    type: 'object',
    properties: { tokens: { type: 'array', items: tokenSummary } },
  },
} satisfies Record<string, SchemaObject>;

const errorMeaning = {
  400: 'The body is not what the route accepts; `detail` says what to send',
  401: 'Missing or wrong admin token, or the admin API is disabled (no ADMIN_BOOTSTRAP_TOKEN)',
  404: 'No such tenant (or token, extension schema, group or user)',
  409: 'It exists already (for an erasure: the user still exists, delete it first)',
} as const;

/** Tags a controller of the admin API and requires the admin bearer token on all its routes. */
export function AdminApi(tag: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(adminBearer));
}

interface RouteDoc {
  readonly summary: string;
  readonly description?: string;
  readonly body?: SchemaObject;
  /** The success answer: its status and, unless it is 204, its body. */
  readonly answer: { readonly status: 200 | 201 | 204; readonly schema?: SchemaObject };
  /** Error statuses besides 401, which every admin route can answer. */
  readonly errors?: readonly (400 | 404 | 409)[];
}

/** Describes one admin route: what it does, the body it takes and every answer it gives. */
export function AdminRoute(route: RouteDoc): MethodDecorator {
  const success: ApiResponseOptions = {
    status: route.answer.status,
    description: route.answer.status === 204 ? 'Done; no body' : 'Done',
    ...(route.answer.schema === undefined ? {} : { schema: route.answer.schema }),
  };
  const errors = [...(route.errors ?? []), 401 as const].map((status) =>
    ApiResponse({ status, description: errorMeaning[status], schema: scimError }),
  );
  return applyDecorators(
    ApiOperation({
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
    }),
    ...(route.body === undefined
      ? []
      : [ApiBody({ schema: route.body, required: route.body.nullable !== true })]),
    ApiResponse(success),
    ...errors,
  );
}
