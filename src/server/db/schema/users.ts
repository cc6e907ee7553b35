// People, their roles and the permissions of each role, and sessions.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, ts } from './columns.js';
import { districts, units } from './units.js';

export const roles = pgTable('roles', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope').notNull(),
  unitKinds: text('unit_kinds').array().notNull(),
  sort: integer('sort').notNull(),
});

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleKey: text('role_key').notNull().references(() => roles.key),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleKey, t.permission] })],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    unitId: integer('unit_id').notNull().references(() => units.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    status: text('status').notNull().default('active'),
    // Null for an imported account that has not been given a password yet: it cannot log in.
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: ts('locked_until'),
    lastLoginAt: ts('last_login_at'),
    passwordChangedAt: ts('password_changed_at'),
    // argon2 hashes of the passwords before the current one, newest first: a new password may not
    // be one of them (issue 11 item 7). Length bounded by PASSWORD_HISTORY in domain/password.ts.
    passwordHistory: text('password_history').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_unit_idx').on(t.unitId),
    index('users_district_idx').on(t.districtId, t.id),
    check('users_status_ck', sql`${t.status} in ('active','disabled')`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleKey: text('role_key')
      .notNull()
      .references(() => roles.key),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleKey] }), index('user_roles_role_idx').on(t.roleKey)],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a leaked table does not hand out live sessions.
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_last_seen_idx').on(t.lastSeenAt)],
);
