import { describe, expect, it } from 'vitest';
import { effectiveAccess, grantRefusal, type RoleTable } from './roles.js';

const table: RoleTable = new Map([
  ['bureau_admin', { key: 'bureau_admin', name: '局安全管理员', scope: 'district', unitKinds: ['bureau', 'department'], permissions: ['unit.read', 'unit.manage', 'user.read', 'user.manage'] }],
  ['bureau_leader', { key: 'bureau_leader', name: '局领导', scope: 'district', unitKinds: ['bureau'], permissions: ['unit.read', 'user.read', 'audit.read'] }],
  ['principal', { key: 'principal', name: '校长', scope: 'unit', unitKinds: ['school'], permissions: ['unit.read', 'user.read', 'user.manage'] }],
  ['teacher', { key: 'teacher', name: '教师', scope: 'unit', unitKinds: ['school'], permissions: ['unit.read'] }],
]);

describe('role table', () => {
  it('adds up permissions and takes the widest scope', () => {
    const a = effectiveAccess(table, ['teacher', 'bureau_leader']);
    expect([...a.permissions].sort()).toEqual(['audit.read', 'unit.read', 'user.read']);
    expect(a.scope).toBe('district');
    expect(effectiveAccess(table, ['teacher']).scope).toBe('unit');
  });
  it('lets a principal grant school roles within their own permissions', () => {
    const principal = effectiveAccess(table, ['principal']);
    expect(grantRefusal(table, principal, 'teacher', 'school')).toBeNull();
    expect(grantRefusal(table, principal, 'principal', 'school')).toBeNull();
  });
  it('refuses a role with more permissions or a wider scope than the granter', () => {
    const principal = effectiveAccess(table, ['principal']);
    expect(grantRefusal(table, principal, 'bureau_admin', 'school')).not.toBeNull();
    expect(grantRefusal(table, effectiveAccess(table, ['bureau_admin']), 'bureau_leader', 'bureau')).toMatch(/无权授予/);
  });
  it('refuses a role that does not fit the kind of unit', () => {
    const admin = effectiveAccess(table, ['bureau_admin']);
    expect(grantRefusal(table, admin, 'principal', 'town')).toMatch(/不适用/);
  });
});
