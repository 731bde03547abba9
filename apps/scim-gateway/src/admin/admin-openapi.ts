import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { adminBearer } from './admin-api.docs.js';

/**
 * Serves the admin API's OpenAPI document at GET /admin/openapi.json and Swagger UI at
 * /admin/docs. Call before `app.init()`, so the routes join Fastify before it starts.
 *
 * Both are served without the admin token: they describe routes and bodies, hold no tenant data
 * and no secret, and every route they list still answers 401 without ADMIN_BOOTSTRAP_TOKEN.
 * An admin can then read the docs before having the token at hand, and "Authorize" in the UI.
 */
export function setupAdminOpenApi(app: INestApplication): void {
  SwaggerModule.setup('admin/docs', app, () => adminDocument(app), {
    jsonDocumentUrl: 'admin/openapi.json',
    raw: ['json'],
    customSiteTitle: 'SCIM provisioning — admin API',
  });
}

function adminDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SCIM provisioning — admin API')
    .setDescription(
      'Tenants, their SCIM tokens and settings. Errors use the SCIM Error schema, whose `detail` says what to fix.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'ADMIN_BOOTSTRAP_TOKEN' },
      adminBearer,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // SCIM routes share the module but not this document: SCIM describes itself through its
  // discovery endpoints (RFC 7644 §4), and /health is for probes.
  const adminPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/admin/'));
  return { ...document, paths: Object.fromEntries(adminPaths) };
}
