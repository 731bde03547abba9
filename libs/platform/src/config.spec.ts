import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.eventStoreSync).toBe('full');
    expect(config.bootstrapTenant).toBeUndefined();
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

  it('accepts a bootstrap tenant with its token', () => {
    const config = loadConfig({
      SCIM_BOOTSTRAP_TENANT: 'acme',
      SCIM_BOOTSTRAP_TOKEN: 'x'.repeat(32),
      PORT: '0',
    });
    expect(config.bootstrapTenant).toBe('acme');
    expect(config.port).toBe(0);
  });
});
