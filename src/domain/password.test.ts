import { describe, expect, it } from 'vitest';
import { generatePassword, passwordProblems } from './password.js';
import { randomInt } from 'node:crypto';

// 等保 2.0 level 3, identity authentication: complexity, and not the username.
describe('password policy', () => {
  it('accepts 8 characters from 3 classes', () => {
    expect(passwordProblems('Abcdef12', 'zhang')).toEqual([]);
    expect(passwordProblems('abcdef1!', 'zhang')).toEqual([]);
  });
  it('refuses fewer than 8 characters', () => {
    expect(passwordProblems('Abc12!x', 'zhang')).toContain('密码至少 8 位');
  });
  it('refuses fewer than 3 classes', () => {
    expect(passwordProblems('abcdefgh1', 'zhang')).toHaveLength(1);
    expect(passwordProblems('ABCDEFGH', 'zhang')[0]).toMatch(/至少三类/);
  });
  it('refuses the username, whatever the case', () => {
    expect(passwordProblems('Zhang.San1', 'zhang.san1')).toContain('密码不能与用户名相同');
  });
  it('generates one-time passwords that meet the policy', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword((m) => randomInt(m));
      expect(passwordProblems(p, 'user')).toEqual([]);
      expect(p).toHaveLength(12);
    }
  });
});
