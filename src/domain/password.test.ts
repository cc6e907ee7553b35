import { describe, expect, it } from 'vitest';
import { generatePassword, nextPasswordHistory, PASSWORD_HISTORY, passwordProblems } from './password.js';
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

// Issue 11 item 7: the commonest passwords, and a common word or the username dressed up with digits and symbols.
describe('common passwords', () => {
  it('refuses the commonest passwords that pass the class rule', () => {
    for (const p of ['Password1', 'P@ssw0rd', 'Passw0rd!', 'Admin@123', 'Admin123', 'Qwer1234!', '1qaz@WSX', 'Woaini1314', 'Aa123456', 'Abc@1234', 'Welcome2024!']) {
      expect(passwordProblems(p, 'zhang'), p).toContain('密码过于常见（如 Password1、Admin@123），请换一个不易猜到的密码');
    }
  });
  it('refuses the demo password published in the README', () => {
    expect(passwordProblems('Demo@12345', 'zhang')).toHaveLength(1);
  });
  it('refuses the username with digits and symbols around it', () => {
    expect(passwordProblems('Zhangsan@2024', 'zhangsan')).toEqual(['密码不能由用户名加数字或符号组成']);
    expect(passwordProblems('2024#Zhang.San', 'zhang.san')).toEqual(['密码不能由用户名加数字或符号组成']);
  });
  it('accepts passwords built on words of their own', () => {
    for (const p of ['Kite#Lamp2031', 'New#Pass2024', 'Fresh!Pass9', 'Start#2024ok', 'Zhangsan@2024']) {
      expect(passwordProblems(p, 'li.si'), p).toEqual([]);
    }
  });
});

describe('password history', () => {
  it('keeps the replaced password first and at most PASSWORD_HISTORY - 1 of them', () => {
    expect(nextPasswordHistory('h1', [])).toEqual(['h1']);
    expect(nextPasswordHistory('h5', ['h4', 'h3', 'h2', 'h1'])).toEqual(['h5', 'h4', 'h3', 'h2']);
    expect(nextPasswordHistory('h5', ['h4', 'h3', 'h2', 'h1'])).toHaveLength(PASSWORD_HISTORY - 1);
    // An account that had no password yet (imported) adds nothing.
    expect(nextPasswordHistory(null, ['h1'])).toEqual(['h1']);
  });
});
