import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { signedInAdmin } from '../admin/admin-auth.guard.js';
import { type AdminSession, AdminSessions } from '../admin/admin-sessions.js';
import { ChangeAppRegistrationCommand } from '../app-registrations/change-app-registration.command.js';
import type { TenantActor } from '../shared/decider-stream.js';
import { ReadYourWrites } from '../shared/read-your-writes.js';
import { correlationOf } from '../shared/request-context.js';
import { escapeHtml, page } from './oauth-pages.js';
import { oauthPaths } from './oauth-options.js';
import { OAuthServer, tenantOf } from './oauth-server.js';
import { scimScope } from './oauth-clients.js';

/**
 * The sign-in and consent step of the authorization code grant (Okta's "OAuth 2" mode): the
 * browser of the admin who clicked "Authenticate" in Okta lands here. An administrator of this
 * service, signed in through the organisation's IdP (/admin/sign-in), sees which application asks
 * for which tenant's SCIM API and approves or denies; oidc-provider then sends the browser back to
 * the IdP's redirect URI with a code or an `access_denied` error.
 */
@ApiExcludeController()
@Controller(oauthPaths.interaction.slice(1))
export class OAuthConsentController {
  constructor(
    private readonly oauth: OAuthServer,
    private readonly sessions: AdminSessions,
    private readonly commands: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get(':uid')
  async show(
    @Param('uid') uid: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const interaction = await this.interaction(uid, request, reply);
    if (interaction === undefined) return;
    const admin = this.sessions.sessionOf(request);
    if (admin === undefined) {
      const returnTo = `${oauthPaths.interaction}/${uid}`;
      await reply.redirect(`/admin/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
      return;
    }
    await html(reply, 200, consentPage(uid, interaction, admin));
  }

  @Post(':uid')
  async decide(
    @Param('uid') uid: string,
    @Body() form: Record<string, string> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const interaction = await this.interaction(uid, request, reply);
    if (interaction === undefined) return;
    const admin = this.sessions.sessionOf(request);
    if (admin === undefined) {
      await html(
        reply,
        401,
        message(
          'Sign in first',
          'Your administrator session has ended; start again from your identity provider.',
        ),
      );
      return;
    }
    if (!sameOrigin(request)) {
      await html(reply, 403, message('Refused', 'The approval did not come from this page.'));
      return;
    }
    const provider = this.oauth.running;
    const approved = form?.['decision'] === 'approve';
    if (approved) {
      const position = await this.commands.execute(
        new ChangeAppRegistrationCommand(actorOf(admin, request), {
          type: 'RecordConsent',
          data: {
            tenantId: interaction.tenant,
            clientId: interaction.clientId,
            scopes: [scimScope],
          },
        }),
      );
      await this.readYourWrites.wait(position);
    }
    const result = approved
      ? {
          login: { accountId: admin.subject },
          consent: { grantId: await this.grantFor(admin, interaction) },
        }
      : { error: 'access_denied', error_description: 'An administrator denied the request' };
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: false,
    });
    await reply.redirect(redirectTo, 303);
  }

  private async grantFor(admin: AdminSession, interaction: PendingInteraction): Promise<string> {
    const provider = this.oauth.running;
    const grant = new provider.Grant({ accountId: admin.subject, clientId: interaction.clientId });
    // `scim` is both a scope of the server and of the SCIM resource: both are granted.
    grant.addResourceScope(interaction.resource, scimScope);
    grant.addOIDCScope(
      interaction.scopes
        .filter((scope) => scope === scimScope || scope === 'offline_access')
        .join(' '),
    );
    return grant.save();
  }

  /** The pending authorization request of this browser, or an error page when there is none. */
  private async interaction(
    uid: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PendingInteraction | undefined> {
    const provider = this.oauth.running;
    try {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const clientId = stringParam(details.params['client_id']);
      const client = details.uid === uid ? await provider.Client.find(clientId) : undefined;
      if (client === undefined) throw new Error('unknown client');
      const tenant = tenantOf(client);
      return {
        clientId,
        clientName: client.clientName ?? clientId,
        tenant,
        resource: this.oauth.resourceFor(tenant),
        scopes: stringParam(details.params['scope']).split(' '),
      };
    } catch {
      await html(
        reply,
        400,
        message(
          'This sign-in has expired',
          'The authorization request is unknown or older than 15 minutes. Start again from your identity provider (in Okta: Provisioning, then "Authenticate with" the app).',
        ),
      );
      return undefined;
    }
  }
}

interface PendingInteraction {
  readonly clientId: string;
  readonly clientName: string;
  readonly tenant: string;
  readonly resource: string;
  readonly scopes: readonly string[];
}

function consentPage(uid: string, interaction: PendingInteraction, admin: AdminSession): string {
  const who = escapeHtml(admin.email ?? admin.name ?? admin.subject);
  return page(
    'Approve SCIM provisioning',
    `<h1>Allow ${escapeHtml(interaction.clientName)} to provision users?</h1>
<p>The application <strong>${escapeHtml(interaction.clientName)}</strong> asks to create, change
and deactivate users and groups of tenant <strong>${escapeHtml(interaction.tenant)}</strong>
through its SCIM API.</p>
<dl><dt>Client id</dt><dd><code>${escapeHtml(interaction.clientId)}</code></dd>
<dt>SCIM base URL</dt><dd><code>${escapeHtml(interaction.resource)}</code></dd>
<dt>Signed in as</dt><dd>${who}</dd></dl>
<form method="post" action="${oauthPaths.interaction}/${escapeHtml(uid)}">
<button class="primary" name="decision" value="approve">Approve</button>
<button name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** The signed-in admin as the caller of the events the consent writes (as AdminAuthGuard does). */
function actorOf(admin: AdminSession, request: FastifyRequest): TenantActor {
  return { caller: signedInAdmin(admin), ...correlationOf(request) };
}

function message(title: string, text: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
}

async function html(reply: FastifyReply, status: number, body: string): Promise<void> {
  await reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https: http:",
    )
    .send(body);
}

/** A form post carries Origin in every current browser; a foreign one is a cross-site forgery. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const protocol =
    typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : request.protocol;
  return origin === `${protocol}://${request.host}`;
}

function stringParam(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
