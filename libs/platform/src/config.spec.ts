import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.eventStoreSync).toBe('full');
    expect(config.bootstrapTenant).toBeUndefined();
    expect(config.bootstrapPreset).toBeUndefined();
    expect(config.adminBootstrapToken).toBeUndefined();
  });

  it('limits failed authentications to 20 a minute unless AUTH_FAILURE_LIMIT_PER_MINUTE says otherwise', () => {
    expect(loadConfig({}).authFailureLimitPerMinute).toBe(20);
    expect(loadConfig({ AUTH_FAILURE_LIMIT_PER_MINUTE: '5' }).authFailureLimitPerMinute).toBe(5);
    for (const wrong of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ AUTH_FAILURE_LIMIT_PER_MINUTE: wrong })).toThrow(
        `AUTH_FAILURE_LIMIT_PER_MINUTE=${wrong} must be an integer between 1 and 100000`,
      );
    }
  });

  it('runs on the embedded stores unless KURRENTDB_URL and DATABASE_URL name the production ones', () => {
    const embedded = loadConfig({});
    expect(embedded.kurrentDbUrl).toBeUndefined();
    expect(embedded.databaseUrl).toBeUndefined();
    expect(embedded.leaderLeaseMs).toBe(10_000);
    expect(embedded.logFormat).toBe('json');

    const production = loadConfig({
      KURRENTDB_URL: 'kurrentdb://kurrentdb:2113?tls=false',
      DATABASE_URL: 'postgres://scim:secret@postgres:5432/scim',
      LEADER_LEASE_MS: '15000',
      LOG_FORMAT: 'text',
    });
    expect(production.kurrentDbUrl).toBe('kurrentdb://kurrentdb:2113?tls=false');
    expect(production.databaseUrl).toBe('postgres://scim:secret@postgres:5432/scim');
    expect(production.leaderLeaseMs).toBe(15_000);
    expect(production.logFormat).toBe('text');
  });

  it('refuses a connection string of the wrong kind without echoing it, since it may hold a password', () => {
    let error: unknown;
    try {
      loadConfig({
        KURRENTDB_URL: 'postgres://admin:hunter2@db:5432/x',
        DATABASE_URL: 'mysql://root:hunter2@db/scim',
        LEADER_LEASE_MS: '10',
      });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'KURRENTDB_URL must be a connection string such as kurrentdb://kurrentdb.internal:2113?tls=false',
      'DATABASE_URL must be a connection string such as postgres://scim:secret@postgres.internal:5432/scim',
      'LEADER_LEASE_MS=10 must be an integer between 1000 and 300000',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('reports every wrong value at once, each with what to fix', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        EVENT_STORE_SYNC: 'sometimes',
        SCIM_BOOTSTRAP_TENANT: 'Acme Corp',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT=eighty must be an integer between 0 and 65535',
        'EVENT_STORE_SYNC=sometimes must be one of full, normal',
        'SCIM_BOOTSTRAP_TENANT and SCIM_BOOTSTRAP_TOKEN must be set together',
      ]),
    );
    expect(problems.some((p) => p.startsWith('SCIM_BOOTSTRAP_TENANT=Acme Corp'))).toBe(true);
  });

  it('accepts a bootstrap preset for the bootstrap tenant, and an admin token', () => {
    const config = loadConfig({
      SCIM_BOOTSTRAP_TENANT: 'acme',
      SCIM_BOOTSTRAP_TOKEN: 'x'.repeat(32),
      SCIM_BOOTSTRAP_PRESET: 'entra',
      ADMIN_BOOTSTRAP_TOKEN: 'a'.repeat(32),
    });
    expect(config.bootstrapPreset).toBe('entra');
    expect(config.adminBootstrapToken).toBe('a'.repeat(32));
  });

  it('names the presets there are, and refuses a preset without a bootstrap tenant or a short admin token', () => {
    const problemsOf = (env: Record<string, string>): readonly string[] => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(
      problemsOf({
        SCIM_BOOTSTRAP_TENANT: 'acme',
        SCIM_BOOTSTRAP_TOKEN: 'x'.repeat(32),
        SCIM_BOOTSTRAP_PRESET: 'azure',
      }),
    ).toEqual(['SCIM_BOOTSTRAP_PRESET=azure must be one of okta, entra, ping, generic']);
    expect(problemsOf({ SCIM_BOOTSTRAP_PRESET: 'okta' })).toEqual([
      'SCIM_BOOTSTRAP_PRESET needs SCIM_BOOTSTRAP_TENANT and SCIM_BOOTSTRAP_TOKEN',
    ]);
    expect(problemsOf({ ADMIN_BOOTSTRAP_TOKEN: 'short' })).toEqual([
      expect.stringMatching(/^ADMIN_BOOTSTRAP_TOKEN must be at least 32 characters long/),
    ]);
  });

  it('accepts a bootstrap tenant with its token', () => {
    const config = loadConfig({
      SCIM_BOOTSTRAP_TENANT: 'acme',
      SCIM_BOOTSTRAP_TOKEN: 'x'.repeat(32),
      PORT: '0',
    });
    expect(config.bootstrapTenant).toBe('acme');
    expect(config.port).toBe(0);
  });
  describe('admin sign-in (ADMIN_OAUTH_*)', () => {
    const signIn = {
      ADMIN_OAUTH_AUTHORIZATION_URL: 'https://login.example.org/authorize',
      ADMIN_OAUTH_TOKEN_URL: 'https://login.example.org/token',
      ADMIN_OAUTH_USERINFO_URL: 'https://login.example.org/userinfo',
      ADMIN_OAUTH_CLIENT_ID: 'scim-admin',
      ADMIN_OAUTH_CLIENT_SECRET: 'secret',
      ADMIN_OAUTH_ADMINS: 'ada@example.org, 00u1abcd ,',
    };
    const problemsOf = (env: Record<string, string>): readonly string[] => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };

    it('is off unless configured', () => {
      expect(loadConfig({}).adminSignIn).toBeUndefined();
    });

    it('reads the IdP endpoints, the client, the admins and the default scope', () => {
      expect(loadConfig(signIn).adminSignIn).toEqual({
        authorizationUrl: 'https://login.example.org/authorize',
        tokenUrl: 'https://login.example.org/token',
        userinfoUrl: 'https://login.example.org/userinfo',
        clientId: 'scim-admin',
        clientSecret: 'secret',
        scope: 'openid email profile',
        admins: ['ada@example.org', '00u1abcd'],
      });
      expect(loadConfig({ ...signIn, ADMIN_OAUTH_SCOPE: 'openid email' }).adminSignIn?.scope).toBe(
        'openid email',
      );
    });

    it('refuses a partial configuration, naming every variable still missing', () => {
      const { ADMIN_OAUTH_TOKEN_URL: _token, ADMIN_OAUTH_ADMINS: _admins, ...partial } = signIn;
      expect(problemsOf(partial)).toEqual([
        'Admin sign-in is partially configured: set ADMIN_OAUTH_TOKEN_URL, ADMIN_OAUTH_ADMINS as well (or unset every ADMIN_OAUTH_* variable)',
      ]);
      expect(problemsOf({ ADMIN_OAUTH_CLIENT_ID: 'scim-admin' })).toEqual([
        expect.stringMatching(
          /^Admin sign-in is partially configured: set ADMIN_OAUTH_AUTHORIZATION_URL, ADMIN_OAUTH_TOKEN_URL, ADMIN_OAUTH_USERINFO_URL, ADMIN_OAUTH_CLIENT_SECRET, ADMIN_OAUTH_ADMINS/,
        ),
      ]);
      expect(problemsOf({ ADMIN_OAUTH_SCOPE: 'openid' })).toEqual([
        expect.stringMatching(/^ADMIN_OAUTH_SCOPE needs the other admin sign-in variables/),
      ]);
    });

    it('refuses plain-http IdP URLs except on this machine, and an empty admin list', () => {
      expect(
        problemsOf({ ...signIn, ADMIN_OAUTH_TOKEN_URL: 'http://login.example.org/token' }),
      ).toEqual([
        "ADMIN_OAUTH_TOKEN_URL=http://login.example.org/token must be an https:// URL (http:// only for localhost) of the organisation's IdP",
      ]);
      expect(
        problemsOf({ ...signIn, ADMIN_OAUTH_USERINFO_URL: 'http://127.0.0.1:4000/me' }),
      ).toEqual([]);
      expect(problemsOf({ ...signIn, ADMIN_OAUTH_ADMINS: ' , ' })).toEqual([
        'ADMIN_OAUTH_ADMINS must list at least one e-mail address or subject, separated by commas',
      ]);
    });
  });

  describe('Kafka and the downstream APIs (KAFKA_*, ACCOUNTS_API_TOKEN, AUDIT_API_TOKEN)', () => {
    it('uses the in-process transport unless KAFKA_BROKERS is set', () => {
      const config = loadConfig({});
      expect(config.kafka).toBeUndefined();
      expect(config.consumerMaxAttempts).toBe(5);
    });

    it('reads the brokers, the prefix and the topic layout', () => {
      const config = loadConfig({
        KAFKA_BROKERS: 'kafka-1.internal:9092, 10.0.0.7:9092',
        KAFKA_TOPIC_PREFIX: 'staging.',
        KAFKA_TOPIC_PARTITIONS: '12',
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_CONSUMER_GROUP: 'staging.login-service-rebuild-2',
      });
      expect(config.kafka).toEqual({
        brokers: ['kafka-1.internal:9092', '10.0.0.7:9092'],
        clientId: 'scim-provisioning',
        topicPrefix: 'staging.',
        partitions: 12,
        replicationFactor: 3,
        consumerGroup: 'staging.login-service-rebuild-2',
      });
    });

    it('says what is wrong with a broker list, a prefix, stray Kafka settings and short API tokens', () => {
      const problems = (env: Record<string, string>) => {
        try {
          loadConfig(env);
          return [];
        } catch (error) {
          return (error as ConfigError).problems;
        }
      };
      expect(problems({ KAFKA_BROKERS: 'kafka-1', KAFKA_TOPIC_PREFIX: 'a/b' })).toEqual([
        'KAFKA_BROKERS entry "kafka-1" must be host:port, e.g. kafka-1.internal:9092',
        'KAFKA_TOPIC_PREFIX=a/b may hold only letters, digits, ".", "_" and "-" (at most 100)',
      ]);
      expect(problems({ KAFKA_TOPIC_PARTITIONS: '3' })).toEqual([
        'KAFKA_TOPIC_PARTITIONS needs KAFKA_BROKERS',
      ]);
      expect(
        problems({ KAFKA_BROKERS: 'kafka-1:9092', KAFKA_CONSUMER_GROUP: 'login rebuild' }),
      ).toEqual([
        'KAFKA_CONSUMER_GROUP=login rebuild may hold only letters, digits, ".", "_" and "-" (at most 200)',
      ]);
      expect(problems({ AUDIT_API_TOKEN: 'short' })).toEqual([
        'AUDIT_API_TOKEN must be at least 32 characters long (e.g. the output of "openssl rand -base64 32")',
      ]);
    });
  });
});
