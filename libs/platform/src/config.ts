import { resolve } from 'node:path';

/** Configuration of the standalone service, read from the environment and validated at start-up. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Origin used in `Location` and `meta.location`; derived from the request when unset. */
  readonly publicUrl: string | undefined;
  readonly bootstrapTenant: string | undefined;
  readonly bootstrapToken: string | undefined;
  /** IdP preset applied to the bootstrap tenant at every start; unset leaves the tenant's own. */
  readonly bootstrapPreset: IdpPresetName | undefined;
  /** Static bearer token of the admin API; the admin API is disabled while unset. */
  readonly adminBootstrapToken: string | undefined;
  /** Admin sign-in through the organisation's OAuth 2.0 / OpenID provider; off while unset. */
  readonly adminSignIn: AdminSignInConfig | undefined;
  /**
   * Failed authentications a client IP may make per minute against one tenant (or the admin
   * API) before it is answered 429; successful requests are never limited.
   */
  readonly authFailureLimitPerMinute: number;
  /** Requests one client IP may make per minute to the OAuth token and revocation endpoints. */
  readonly oauthTokenRateLimitPerMinute: number;
  /** `full` fsyncs every group commit (survives power loss); `normal` survives process crashes. */
  readonly eventStoreSync: 'full' | 'normal';
  /** Longest time a write waits for the read model before answering (read-your-writes). */
  readonly readYourWritesTimeoutMs: number;
  readonly bodyLimitBytes: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `json`: one JSON object per line (pino), for log collectors; `text`: one readable line. */
  readonly logFormat: 'json' | 'text';
  /** KurrentDB connection string; the event store is SQLite in DATA_DIR while unset. */
  readonly kurrentDbUrl: string | undefined;
  /** PostgreSQL connection string of the read model and OAuth state; SQLite in DATA_DIR while unset. */
  readonly databaseUrl: string | undefined;
  /** Lease of the single-active services (directory-projector, change-publisher). */
  readonly leaderLeaseMs: number;
  /** Kafka carries the contracts when set; the standalone service delivers them in process when unset. */
  readonly kafka: KafkaConfig | undefined;
  /** Bearer token of `GET /accounts/...`; the route is open (internal network) while unset. */
  readonly accountsApiToken: string | undefined;
  /** Bearer token of the audit API; `ADMIN_BOOTSTRAP_TOKEN` is accepted while unset. */
  readonly auditApiToken: string | undefined;
  /** Attempts a consumer makes on a message before it goes to the dead-letter topic. */
  readonly consumerMaxAttempts: number;
}

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Put in front of every topic and consumer group name (several deployments, one cluster). */
  readonly topicPrefix: string;
  /** Partitions of topics the service creates. */
  readonly partitions: number;
  /** Replicas of topics the service creates; min(3, brokers) when unset. */
  readonly replicationFactor: number | undefined;
  /**
   * The consumer group of a login or audit service process, in place of `<prefix><service>`: a
   * second instance under a new group rebuilds its store side by side (docs/operations.md).
   */
  readonly consumerGroup: string | undefined;
}

/** The IdP presets of the directory (`#directory` idpPresets), repeated: platform imports no domain. */
export const idpPresetNames = ['okta', 'entra', 'ping', 'generic'] as const;
export type IdpPresetName = (typeof idpPresetNames)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): ServiceConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name}=${raw} must be one of ${allowed.join(', ')}`);
    return fallback;
  };
  const optional = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const optionalOneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined =>
    optional(name) === undefined ? undefined : oneOf(name, allowed, allowed[0]!);

  const publicUrl = optional('PUBLIC_URL');
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(publicUrl)) {
    problems.push(
      `PUBLIC_URL=${publicUrl} must be an origin such as https://scim.example.com (no path, no trailing slash)`,
    );
  }
  const bootstrapTenant = optional('SCIM_BOOTSTRAP_TENANT');
  const bootstrapToken = optional('SCIM_BOOTSTRAP_TOKEN');
  if ((bootstrapTenant === undefined) !== (bootstrapToken === undefined)) {
    problems.push('SCIM_BOOTSTRAP_TENANT and SCIM_BOOTSTRAP_TOKEN must be set together');
  }
  if (bootstrapTenant !== undefined && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(bootstrapTenant)) {
    problems.push(
      `SCIM_BOOTSTRAP_TENANT=${bootstrapTenant} must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit`,
    );
  }
  if (bootstrapToken !== undefined && bootstrapToken.length < 16) {
    problems.push('SCIM_BOOTSTRAP_TOKEN must be at least 16 characters long');
  }
  const bootstrapPreset = optionalOneOf('SCIM_BOOTSTRAP_PRESET', idpPresetNames);
  if (bootstrapPreset !== undefined && bootstrapTenant === undefined) {
    problems.push('SCIM_BOOTSTRAP_PRESET needs SCIM_BOOTSTRAP_TENANT and SCIM_BOOTSTRAP_TOKEN');
  }
  const adminBootstrapToken = optional('ADMIN_BOOTSTRAP_TOKEN');
  if (adminBootstrapToken !== undefined && adminBootstrapToken.length < 32) {
    problems.push(
      'ADMIN_BOOTSTRAP_TOKEN must be at least 32 characters long (e.g. the output of "openssl rand -base64 32")',
    );
  }

  const apiToken = (name: string): string | undefined => {
    const token = optional(name);
    if (token !== undefined && token.length < 32) {
      problems.push(
        `${name} must be at least 32 characters long (e.g. the output of "openssl rand -base64 32")`,
      );
    }
    return token;
  };

  const connectionString = (
    name: string,
    schemes: readonly string[],
    example: string,
  ): string | undefined => {
    const raw = optional(name);
    if (raw === undefined) return undefined;
    let scheme: string;
    try {
      scheme = new URL(raw).protocol;
    } catch {
      scheme = '';
    }
    if (!schemes.includes(scheme)) {
      // The value may hold a password: name the variable, never echo it.
      problems.push(`${name} must be a connection string such as ${example}`);
    }
    return raw;
  };

  const config: ServiceConfig = {
    port: int('PORT', 8080, 0, 65535),
    host: optional('HOST') ?? '0.0.0.0',
    dataDir: resolve(optional('DATA_DIR') ?? './data'),
    publicUrl,
    bootstrapTenant,
    bootstrapToken,
    bootstrapPreset,
    adminBootstrapToken,
    adminSignIn: adminSignInFrom(env, problems),
    eventStoreSync: oneOf('EVENT_STORE_SYNC', ['full', 'normal'], 'full'),
    authFailureLimitPerMinute: int('AUTH_FAILURE_LIMIT_PER_MINUTE', 20, 1, 100_000),
    oauthTokenRateLimitPerMinute: int('OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE', 60, 1, 100_000),
    readYourWritesTimeoutMs: int('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    logFormat: oneOf('LOG_FORMAT', ['json', 'text'], 'json'),
    kurrentDbUrl: connectionString(
      'KURRENTDB_URL',
      ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:'],
      'kurrentdb://kurrentdb.internal:2113?tls=false',
    ),
    databaseUrl: connectionString(
      'DATABASE_URL',
      ['postgres:', 'postgresql:'],
      'postgres://scim:secret@postgres.internal:5432/scim',
    ),
    leaderLeaseMs: int('LEADER_LEASE_MS', 10_000, 1_000, 300_000),
    kafka: kafkaFrom(env, problems, int),
    accountsApiToken: apiToken('ACCOUNTS_API_TOKEN'),
    auditApiToken: apiToken('AUDIT_API_TOKEN'),
    consumerMaxAttempts: int('CONSUMER_MAX_ATTEMPTS', 5, 1, 100),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

// --- Kafka (KAFKA_*) ---

function kafkaFrom(
  env: Env,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): KafkaConfig | undefined {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const raw = value('KAFKA_BROKERS');
  const others = [
    'KAFKA_TOPIC_PREFIX',
    'KAFKA_TOPIC_PARTITIONS',
    'KAFKA_REPLICATION_FACTOR',
    'KAFKA_CONSUMER_GROUP',
  ];
  if (raw === undefined) {
    const stray = others.filter((name) => value(name) !== undefined);
    if (stray.length > 0)
      problems.push(`${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} KAFKA_BROKERS`);
    return undefined;
  }
  const brokers = raw
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/.test(broker)) {
      problems.push(
        `KAFKA_BROKERS entry "${broker}" must be host:port, e.g. kafka-1.internal:9092`,
      );
    }
  }
  const topicPrefix = value('KAFKA_TOPIC_PREFIX') ?? '';
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(topicPrefix)) {
    problems.push(
      `KAFKA_TOPIC_PREFIX=${topicPrefix} may hold only letters, digits, ".", "_" and "-" (at most 100)`,
    );
  }
  const replication = value('KAFKA_REPLICATION_FACTOR');
  const consumerGroup = value('KAFKA_CONSUMER_GROUP');
  if (consumerGroup !== undefined && !/^[A-Za-z0-9._-]{1,200}$/.test(consumerGroup)) {
    problems.push(
      `KAFKA_CONSUMER_GROUP=${consumerGroup} may hold only letters, digits, ".", "_" and "-" (at most 200)`,
    );
  }
  return {
    brokers,
    clientId: value('KAFKA_CLIENT_ID') ?? 'scim-provisioning',
    topicPrefix,
    partitions: int('KAFKA_TOPIC_PARTITIONS', 6, 1, 1000),
    replicationFactor:
      replication === undefined ? undefined : int('KAFKA_REPLICATION_FACTOR', 1, 1, 7),
    consumerGroup,
  };
}

// --- Admin sign-in through the organisation's OAuth 2.0 / OpenID provider (ADMIN_OAUTH_*) ---

/** Where and as whom the service signs admins in at the organisation's IdP. */
export interface AdminSignInConfig {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly userinfoUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated scopes asked for; `openid email profile` unless ADMIN_OAUTH_SCOPE says. */
  readonly scope: string;
  /** E-mail addresses or subjects (`sub`) allowed to administer; everyone else is refused. */
  readonly admins: readonly string[];
}

const adminSignInUrls = {
  ADMIN_OAUTH_AUTHORIZATION_URL: 'authorizationUrl',
  ADMIN_OAUTH_TOKEN_URL: 'tokenUrl',
  ADMIN_OAUTH_USERINFO_URL: 'userinfoUrl',
} as const;
const adminSignInVariables = [
  ...(Object.keys(adminSignInUrls) as (keyof typeof adminSignInUrls)[]),
  'ADMIN_OAUTH_CLIENT_ID',
  'ADMIN_OAUTH_CLIENT_SECRET',
  'ADMIN_OAUTH_ADMINS',
] as const;

/** The variables that together turn admin sign-in on, for messages that say how to enable it. */
export const adminSignInEnabledBy: readonly string[] = adminSignInVariables;

/**
 * All or nothing: half a sign-in configuration is a typo, and starting without sign-in would
 * hide it until an admin tries to sign in.
 */
function adminSignInFrom(env: Env, problems: string[]): AdminSignInConfig | undefined {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const missing = adminSignInVariables.filter((name) => value(name) === undefined);
  const scope = value('ADMIN_OAUTH_SCOPE');
  if (missing.length === adminSignInVariables.length) {
    if (scope !== undefined) {
      problems.push(
        `ADMIN_OAUTH_SCOPE needs the other admin sign-in variables: ${missing.join(', ')}`,
      );
    }
    return undefined;
  }
  if (missing.length > 0) {
    problems.push(
      `Admin sign-in is partially configured: set ${missing.join(', ')} as well (or unset every ADMIN_OAUTH_* variable)`,
    );
    return undefined;
  }
  const urls = Object.entries(adminSignInUrls).map(([name, key]) => {
    const url = value(name)!;
    if (!isIdpUrl(url)) {
      problems.push(
        `${name}=${url} must be an https:// URL (http:// only for localhost) of the organisation's IdP`,
      );
    }
    return [key, url] as const;
  });
  const admins = value('ADMIN_OAUTH_ADMINS')!
    .split(',')
    .map((admin) => admin.trim())
    .filter((admin) => admin !== '');
  if (admins.length === 0) {
    problems.push(
      'ADMIN_OAUTH_ADMINS must list at least one e-mail address or subject, separated by commas',
    );
  }
  return {
    ...(Object.fromEntries(urls) as Record<
      (typeof adminSignInUrls)[keyof typeof adminSignInUrls],
      string
    >),
    clientId: value('ADMIN_OAUTH_CLIENT_ID')!,
    clientSecret: value('ADMIN_OAUTH_CLIENT_SECRET')!,
    scope: scope ?? 'openid email profile',
    admins,
  };
}

/** Tokens and codes travel to these URLs, so plain http is only for an IdP on this machine. */
function isIdpUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
