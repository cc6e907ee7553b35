import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdUpdated = {
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
};

// A tenant: one district bureau and everything under it. Every tenant-owned table carries
// district_id so that tables can later be distributed by it (ARCHITECTURE.md, "Scale").
export const districts = pgTable('districts', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    parentId: integer('parent_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    // Materialised path of ids, '/1/5/23/': a subtree is one prefix match.
    path: text('path').notNull(),
    status: text('status').notNull().default('active'),
    stage: text('stage'),
    ownership: text('ownership'),
    boarding: boolean('boarding').notNull().default(false),
    schoolBus: boolean('school_bus').notNull().default(false),
    rural: boolean('rural').notNull().default(false),
    gateCount: integer('gate_count'),
    studentCount: integer('student_count'),
    staffCount: integer('staff_count'),
    address: text('address'),
    principalName: text('principal_name'),
    contactPhone: text('contact_phone'),
    areas: text('areas').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('units_district_name_uq').on(t.districtId, t.name),
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
    index('units_district_kind_idx').on(t.districtId, t.kind),
    check('units_kind_ck', sql`${t.kind} in ('city_bureau','bureau','department','town','school')`),
    check('units_status_ck', sql`${t.status} in ('active','disabled')`),
  ],
);

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

// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained.
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    districtId: integer('district_id'),
    at: ts('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    actorUnitId: integer('actor_unit_id'),
    actorUnitName: text('actor_unit_name'),
    // Path of the actor's unit, so a scoped reader sees the events of its subtree.
    actorUnitPath: text('actor_unit_path'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    result: text('result').notNull(),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_district_at_idx').on(t.districtId, t.at),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    index('audit_events_actor_idx').on(t.actorId),
  ],
);

export const importJobs = pgTable('import_jobs', {
  id: serial('id').primaryKey(),
  districtId: integer('district_id').notNull().references(() => districts.id),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  errors: jsonb('errors').notNull().default(sql`'[]'::jsonb`),
  createdCount: integer('created_count').notNull().default(0),
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

export const schema = { districts, units, roles, rolePermissions, users, userRoles, sessions, auditEvents, importJobs };
