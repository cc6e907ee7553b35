import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults: port 3000, ./data, embedded database with the demo on', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.databaseUrl).toBeNull();
    expect(c.demo).toBe(true);
    expect(c.sessionIdleMinutes).toBe(30);
  });
  it('turns the demo off by default on PostgreSQL, and on when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', ANXIAO_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ ANXIAO_DEMO: 'off' }).demo).toBe(false);
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ANXIAO_DEMO: 'maybe' })).toThrow(/ANXIAO_DEMO/);
  });
  it('takes the audit key from AUDIT_KEY, at least 32 characters, and never prints it', () => {
    expect(loadConfig({}).auditKey).toBeNull();
    expect(loadConfig({ AUDIT_KEY: 'k'.repeat(32) }).auditKey).toBe('k'.repeat(32));
    expect(() => loadConfig({ AUDIT_KEY: 'short-secret' })).toThrow(/AUDIT_KEY=\(hidden\): must be at least 32/);
    expect(() => loadConfig({ AUDIT_KEY: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
