import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  numeric,
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

// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained: the HMAC covers every
// column but id (SEALED_FIELDS in domain/audit-chain.ts; a test fails on a column left out of it).
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

// ---- the hazard loop ------------------------------------------------------------------------

const day = (name: string) => date(name, { mode: 'string' });

/** Per district, per prefix and year, the last number handed out (YH-2026-000123). */
export const codeCounters = pgTable(
  'code_counters',
  {
    districtId: integer('district_id').notNull().references(() => districts.id),
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.prefix, t.year] })],
);

/** Photos, evidence and documents; the bytes live in the storage (local directory by default). */
export const files = pgTable(
  'files',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    // The unit whose data the file belongs to: its scope decides who may read it.
    unitId: integer('unit_id').notNull().references(() => units.id),
    unitPath: text('unit_path').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('files_district_idx').on(t.districtId, t.id), index('files_sha_idx').on(t.sha256)],
);

/** A checklist (排查表) template; its content lives in immutable versions. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    name: text('name').notNull(),
    description: text('description'),
    builtin: boolean('builtin').notNull().default(false),
    copiedFromId: integer('copied_from_id'),
    status: text('status').notNull().default('active'),
    currentVersion: integer('current_version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('checklist_templates_name_uq').on(t.districtId, t.name), check('checklist_templates_status_ck', sql`${t.status} in ('active','archived')`)],
);

/** One version of a template: sections of items, each with what to check, how, and its source. */
export const checklistVersions = pgTable(
  'checklist_versions',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    number: integer('number').notNull(),
    sections: jsonb('sections').notNull(),
    itemCount: integer('item_count').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('checklist_versions_uq').on(t.templateId, t.number)],
);

export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    name: text('name').notNull(),
    description: text('description'),
    allSchools: boolean('all_schools').notNull().default(true),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    checklistTemplateId: integer('checklist_template_id').references(() => checklistTemplates.id),
    selfCheckDue: day('self_check_due'),
    status: text('status').notNull().default('active'),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('campaigns_district_idx').on(t.districtId, t.startsOn), check('campaigns_period_ck', sql`${t.endsOn} >= ${t.startsOn}`)],
);

export const campaignPhases = pgTable(
  'campaign_phases',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    sort: integer('sort').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
  },
  (t) => [index('campaign_phases_campaign_idx').on(t.campaignId)],
);

/** An area of a campaign with its responsible subject, responsible and cooperating departments (002). */
export const campaignAreas = pgTable(
  'campaign_areas',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    area: text('area').notNull(),
    tasks: text('tasks'),
    responsibleSubject: text('responsible_subject').notNull(),
    responsibleDepartmentIds: integer('responsible_department_ids').array().notNull(),
    cooperatingDepartmentIds: integer('cooperating_department_ids').array().notNull().default(sql`'{}'::int[]`),
  },
  (t) => [uniqueIndex('campaign_areas_uq').on(t.campaignId, t.area)],
);

/** The chosen schools of a campaign whose scope is not all schools. */
export const campaignSchools = pgTable(
  'campaign_schools',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.schoolId] })],
);

export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    checklistVersionId: integer('checklist_version_id').references(() => checklistVersions.id),
    // A follow-up (回头看) checks the hazards of an earlier inspection or of a campaign sample.
    followUpOfId: integer('follow_up_of_id'),
    // The hazards a follow-up checks again (its form lists them instead of checklist items).
    followUpHazardIds: integer('follow_up_hazard_ids').array().notNull().default(sql`'{}'::int[]`),
    organizerUnitId: integer('organizer_unit_id')
      .notNull()
      .references(() => units.id),
    // A cross check (交叉检查): the unit whose inspectors check another's schools.
    inspectorUnitId: integer('inspector_unit_id').references(() => units.id),
    plannedOn: day('planned_on').notNull(),
    status: text('status').notNull().default('planned'),
    startedAt: ts('started_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('inspections_code_uq').on(t.districtId, t.code),
    index('inspections_district_idx').on(t.districtId, t.plannedOn),
    index('inspections_campaign_idx').on(t.campaignId),
    check('inspections_status_ck', sql`${t.status} in ('planned','in_progress','submitted')`),
  ],
);

export const inspectionInspectors = pgTable(
  'inspection_inspectors',
  {
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.userId] }), index('inspection_inspectors_user_idx').on(t.userId)],
);

/** One school checked by an inspection: its filled checklist, submitted and signed on its own. */
export const inspectionTargets = pgTable(
  'inspection_targets',
  {
    id: serial('id').primaryKey(),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    districtId: integer('district_id').notNull().references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    status: text('status').notNull().default('planned'),
    submittedAt: ts('submitted_at'),
    // The inspectors who signed the submission: [{ userId, name, at }].
    signatures: jsonb('signatures').notNull().default(sql`'[]'::jsonb`),
    summary: text('summary'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('inspection_targets_uq').on(t.inspectionId, t.schoolId),
    index('inspection_targets_school_idx').on(t.schoolId),
    index('inspection_targets_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** The mark of one checklist item (or, in a follow-up, of one earlier hazard) at one school. */
export const inspectionResults = pgTable(
  'inspection_results',
  {
    id: serial('id').primaryKey(),
    targetId: integer('target_id')
      .notNull()
      .references(() => inspectionTargets.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    result: text('result').notNull(),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    // For a follow-up: the hazard checked again.
    checkedHazardId: integer('checked_hazard_id'),
    // The hazard a failed item became.
    hazardId: integer('hazard_id'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('inspection_results_uq').on(t.targetId, t.itemKey), check('inspection_results_result_ck', sql`${t.result} in ('pass','fail','na')`)],
);

export const hazards = pgTable(
  'hazards',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull().references(() => districts.id),
    code: text('code').notNull(),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    area: text('area').notNull(),
    location: text('location').notNull(),
    description: text('description').notNull(),
    grade: text('grade').notNull(),
    source: text('source').notNull(),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    inspectionTargetId: integer('inspection_target_id').references(() => inspectionTargets.id),
    itemKey: text('item_key'),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    foundOn: day('found_on').notNull(),
    foundById: integer('found_by_id').references(() => users.id),
    foundByName: text('found_by_name').notNull(),
    responsibleUnitId: integer('responsible_unit_id').references(() => units.id),
    responsibleUserId: integer('responsible_user_id').references(() => users.id),
    responsibleDepartmentId: integer('responsible_department_id').references(() => units.id),
    measures: text('measures'),
    deadline: day('deadline'),
    interimControls: text('interim_controls'),
    funds: numeric('funds', { precision: 14, scale: 2, mode: 'number' }),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('reported'),
    submittedById: integer('submitted_by_id').references(() => users.id),
    pendingDeadline: day('pending_deadline'),
    falseFix: boolean('false_fix').notNull().default(false),
    // The campaign summary (002): resolved, resolving (with a committed date) or hard.
    summaryClass: text('summary_class'),
    committedOn: day('committed_on'),
    coordinationDepartmentId: integer('coordination_department_id').references(() => units.id),
    // Set by the daily job; the register computes overdue itself, this keeps reminders once-only.
    overdueMarkedOn: day('overdue_marked_on'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('hazards_code_uq').on(t.districtId, t.code),
    index('hazards_district_status_idx').on(t.districtId, t.status, t.id),
    // The register filtered by status and area (counted by an index-only scan; BENCHMARKS.md).
    index('hazards_status_area_idx').on(t.districtId, t.status, t.area, t.id),
    // Open hazards by deadline: overdue counts and lists without reading the closed ones (~93%).
    index('hazards_open_deadline_idx').on(t.districtId, t.deadline, t.schoolPath).where(sql`${t.status} <> 'closed'`),
    index('hazards_school_idx').on(t.schoolId),
    index('hazards_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    index('hazards_campaign_idx').on(t.campaignId),
    index('hazards_deadline_idx').on(t.districtId, t.deadline),
    index('hazards_inspection_idx').on(t.inspectionId),
    check('hazards_status_ck', sql`${t.status} in ('reported','assigned','rectifying','submitted','accepted','closed')`),
    check('hazards_grade_ck', sql`${t.grade} in ('general','major')`),
    check('hazards_deadline_ck', sql`${t.deadline} is null or ${t.deadline} >= ${t.foundOn}`),
    check('hazards_summary_ck', sql`${t.summaryClass} is null or ${t.summaryClass} in ('resolved','resolving','hard')`),
  ],
);

/** The signed history of a hazard; append-only (a trigger refuses UPDATE and DELETE). */
export const hazardSteps = pgTable(
  'hazard_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id),
    districtId: integer('district_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorUnitName: text('actor_unit_name').notNull(),
    at: ts('at').notNull().defaultNow(),
    comment: text('comment'),
    data: jsonb('data'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
  },
  (t) => [index('hazard_steps_hazard_idx').on(t.hazardId, t.id)],
);

/** In-app reminders: assigned to you, due in 3 days, overdue, sent back, extension decided … */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    link: text('link'),
    // Once per reason: a scheduled reminder is not repeated on the next run.
    dedupeKey: text('dedupe_key'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id), uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey)],
);

/** A responsible department's weekly report during a campaign (002 attachment 4). */
export const weeklyReturns = pgTable(
  'weekly_returns',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => units.id),
    weekStart: day('week_start').notNull(),
    status: text('status').notNull().default('draft'),
    // The week's figures drafted from the data: new, rectified, closed, overdue in the department's areas.
    figures: jsonb('figures').notNull(),
    progress: text('progress'),
    problems: text('problems'),
    nextSteps: text('next_steps'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('weekly_returns_uq').on(t.campaignId, t.departmentId, t.weekStart)],
);

/** A spot-check sample of a campaign's resolved hazards, reproducible from its seed (002). */
export const campaignSamples = pgTable('campaign_samples', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id),
  seed: text('seed').notNull(),
  ratio: numeric('ratio', { precision: 5, scale: 4, mode: 'number' }).notNull(),
  hazardIds: integer('hazard_ids').array().notNull(),
  followUpInspectionId: integer('follow_up_inspection_id').references(() => inspections.id),
  drawnBy: integer('drawn_by')
    .notNull()
    .references(() => users.id),
  drawnAt: ts('drawn_at').notNull().defaultNow(),
});

// ---- ledgers and the rule engine (issue 4) -----------------------------------------------------

/** A district's rule pack (规则包): which version is in force; the versions themselves are immutable. */
export const rulePacks = pgTable('rule_packs', {
  id: serial('id').primaryKey(),
  districtId: integer('district_id')
    .notNull()
    .references(() => districts.id)
    .unique(),
  currentVersion: integer('current_version').notNull(),
  version: integer('version').notNull().default(1),
  ...createdUpdated,
});

/** One version of a district's rule pack: the rules as data (src/domain/rules/pack.ts) and the changes that made it. */
export const rulePackVersions = pgTable(
  'rule_pack_versions',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => rulePacks.id),
    districtId: integer('district_id').notNull(),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    basedOn: integer('based_on'),
    changes: jsonb('changes').notNull(),
    rules: jsonb('rules').notNull(),
    // Null: written by the system from the shipped default pack.
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rule_pack_versions_uq').on(t.packId, t.number), index('rule_pack_versions_district_idx').on(t.districtId, t.number)],
);

/** A district's school calendar (校历) for one school year: two semesters and the holidays. */
export const schoolCalendars = pgTable(
  'school_calendars',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolYear: text('school_year').notNull(),
    // [{ startsOn, endsOn }, { startsOn, endsOn }]
    semesters: jsonb('semesters').notNull(),
    // [{ name, startsOn, endsOn }]
    holidays: jsonb('holidays').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [uniqueIndex('school_calendars_uq').on(t.districtId, t.schoolYear)],
);

/** A key period declared by the bureau (003: 24-hour duty, fire special inspections). */
export const keyPeriods = pgTable(
  'key_periods',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [index('key_periods_district_idx').on(t.districtId, t.startsOn), check('key_periods_span_ck', sql`${t.endsOn} >= ${t.startsOn}`)],
);

/** The drill ledger (应急疏散演练台账); scoped by the school's path like hazards. */
export const drills = pgTable(
  'drills',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    heldOn: day('held_on').notNull(),
    kind: text('kind').notNull(),
    participants: integer('participants').notNull(),
    evacuationSeconds: integer('evacuation_seconds'),
    observers: text('observers'),
    problems: text('problems'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // Compliance reads a district's recorded drills by day; a school's ledger by school and day.
    index('drills_district_day_idx').on(t.districtId, t.heldOn).where(sql`${t.status} = 'recorded'`),
    index('drills_school_day_idx').on(t.schoolId, t.heldOn),
    index('drills_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('drills_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('drills_kind_ck', sql`${t.kind} in ('fire','earthquake','stampede','night_evacuation','school_bus','nap_time','violent_intrusion','flood_typhoon')`),
    check('drills_participants_ck', sql`${t.participants} >= 0`),
    check('drills_evacuation_ck', sql`${t.evacuationSeconds} is null or ${t.evacuationSeconds} >= 0`),
  ],
);

/**
 * Staff of a school with their safety-relevant posts (教职工岗位), for the training rules of
 * 001 item 7: a user of the school or a named person without an account, each post with the day
 * it was taken (任职). Someone who left keeps the row (their trainings stay traceable).
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    userId: integer('user_id').references(() => users.id),
    name: text('name').notNull(),
    // [{ post, since }]
    posts: jsonb('posts').notNull(),
    leftOn: day('left_on'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('staff_members_user_uq').on(t.schoolId, t.userId).where(sql`${t.userId} is not null`),
    index('staff_members_school_idx').on(t.schoolId),
    index('staff_members_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
  ],
);

/** The training ledger (安全培训台账, 001 item 7): hours of one staff member on one course. */
export const trainings = pgTable(
  'trainings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    course: text('course').notNull(),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    provider: text('provider').notNull(),
    certificateFileId: integer('certificate_file_id').references(() => files.id),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('trainings_district_day_idx').on(t.districtId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    index('trainings_staff_day_idx').on(t.staffId, t.endsOn),
    index('trainings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('trainings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('trainings_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    // More than zero, at most 24 hours a day of the course.
    check('trainings_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 24 * (${t.endsOn} - ${t.startsOn} + 1)`),
  ],
);

/** The safety meeting ledger (安全专题会议台账, 000 item 1). */
export const safetyMeetings = pgTable(
  'safety_meetings',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    meetingOn: day('meeting_on').notNull(),
    level: text('level').notNull(),
    chair: text('chair').notNull(),
    attendees: text('attendees').array().notNull(),
    minutes: text('minutes').notNull(),
    decisions: text('decisions'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('safety_meetings_district_day_idx').on(t.districtId, t.meetingOn).where(sql`${t.status} = 'recorded'`),
    index('safety_meetings_school_day_idx').on(t.schoolId, t.meetingOn),
    index('safety_meetings_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('safety_meetings_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('safety_meetings_level_ck', sql`${t.level} in ('leadership_team','leader_in_charge')`),
  ],
);

/** The school liability insurance ledger (校方责任保险台账, 001 item 26). */
export const insurancePolicies = pgTable(
  'insurance_policies',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    policyNo: text('policy_no').notNull(),
    insurer: text('insurer').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    studentsCovered: integer('students_covered').notNull(),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    status: text('status').notNull().default('recorded'),
    voidReason: text('void_reason'),
    voidedBy: integer('voided_by').references(() => users.id),
    voidedAt: ts('voided_at'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // One recorded policy per number in a district.
    uniqueIndex('insurance_policies_no_uq').on(t.districtId, t.policyNo).where(sql`${t.status} = 'recorded'`),
    index('insurance_policies_district_end_idx').on(t.districtId, t.endsOn).where(sql`${t.status} = 'recorded'`),
    index('insurance_policies_school_idx').on(t.schoolId, t.startsOn),
    index('insurance_policies_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('insurance_policies_status_ck', sql`${t.status} in ('recorded','voided')`),
    check('insurance_policies_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    check('insurance_policies_students_ck', sql`${t.studentsCovered} > 0`),
  ],
);

/**
 * A responsibility letter (安全生产责任书, 000 item 1, 001 item 3): the bureau's to every unit for a
 * year, or a school's to its staff. A new revision of the same year and level is a new row and asks
 * everyone to sign again; signatures belong to one revision.
 */
export const responsibilityLetters = pgTable(
  'responsibility_letters',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    // The bureau for 'bureau_to_unit', the school for 'unit_to_staff'.
    issuerUnitId: integer('issuer_unit_id')
      .notNull()
      .references(() => units.id),
    issuerPath: text('issuer_path').notNull(),
    level: text('level').notNull(),
    year: integer('year').notNull(),
    revision: integer('revision').notNull().default(1),
    title: text('title').notNull(),
    body: text('body'),
    fileId: integer('file_id').references(() => files.id),
    publishedOn: day('published_on').notNull(),
    status: text('status').notNull().default('published'),
    withdrawReason: text('withdraw_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    uniqueIndex('responsibility_letters_rev_uq').on(t.issuerUnitId, t.level, t.year, t.revision),
    index('responsibility_letters_district_idx').on(t.districtId, t.year),
    index('responsibility_letters_path_idx').using('btree', sql`${t.issuerPath} text_pattern_ops`),
    check('responsibility_letters_level_ck', sql`${t.level} in ('bureau_to_unit','unit_to_staff')`),
    check('responsibility_letters_status_ck', sql`${t.status} in ('published','withdrawn')`),
    check('responsibility_letters_revision_ck', sql`${t.revision} >= 1`),
  ],
);

/** A signature of a letter revision: a unit's principal for the bureau's letter, a staff member for the school's. */
export const letterSignatures = pgTable(
  'letter_signatures',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    letterId: integer('letter_id')
      .notNull()
      .references(() => responsibilityLetters.id),
    // The signing unit (bureau_to_unit) or the school of the staff member (unit_to_staff).
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    staffId: integer('staff_id').references(() => staffMembers.id),
    signerName: text('signer_name').notNull(),
    signerUserId: integer('signer_user_id').references(() => users.id),
    signedOn: day('signed_on').notNull(),
    // 'file': a scan of the signed letter; 'in_app': confirmed by the signer logged in.
    method: text('method').notNull(),
    fileId: integer('file_id').references(() => files.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('letter_signatures_unit_uq').on(t.letterId, t.unitId).where(sql`${t.staffId} is null`),
    uniqueIndex('letter_signatures_staff_uq').on(t.letterId, t.staffId).where(sql`${t.staffId} is not null`),
    index('letter_signatures_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
    check('letter_signatures_method_ck', sql`${t.method} in ('file','in_app')`),
  ],
);

/** A duty roster (值班表) of a school for a holiday or a key period (000 item 4, 003). */
export const dutyRosters = pgTable(
  'duty_rosters',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    title: text('title').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    keyPeriodId: integer('key_period_id').references(() => keyPeriods.id),
    phone: text('phone'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    index('duty_rosters_school_idx').on(t.schoolId, t.startsOn),
    index('duty_rosters_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('duty_rosters_span_ck', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** One person on duty on one day in one role; confirmed by that person once done. */
export const dutyEntries = pgTable(
  'duty_entries',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    rosterId: integer('roster_id')
      .notNull()
      .references(() => dutyRosters.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    dutyOn: day('duty_on').notNull(),
    role: text('role').notNull(),
    staffId: integer('staff_id').references(() => staffMembers.id),
    userId: integer('user_id').references(() => users.id),
    personName: text('person_name').notNull(),
    phone: text('phone'),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    confirmedAt: ts('confirmed_at'),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    note: text('note'),
    version: integer('version').notNull().default(1),
    ...createdUpdated,
  },
  (t) => [
    // A school's day is covered once per role: a second leader for the same day is refused.
    uniqueIndex('duty_entries_day_role_uq').on(t.schoolId, t.dutyOn, t.role),
    index('duty_entries_district_day_idx').on(t.districtId, t.dutyOn),
    index('duty_entries_roster_idx').on(t.rosterId, t.dutyOn),
    index('duty_entries_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('duty_entries_role_ck', sql`${t.role} in ('leader','staff')`),
    check('duty_entries_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 24`),
  ],
);

/**
 * The security profile of a school (人防、物防、技防, 002 areas 8 and 9) as recorded on a day; each
 * record is kept, the latest counts.
 */
export const securityProfiles = pgTable(
  'security_profiles',
  {
    id: serial('id').primaryKey(),
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => units.id),
    schoolPath: text('school_path').notNull(),
    recordedOn: day('recorded_on').notNull(),
    // [{ name, guards: { school_hours, arrival_peak, dismissal_peak, night } }]
    gates: jsonb('gates').notNull(),
    alarmsInstalled: integer('alarms_installed').notNull(),
    alarmsWorking: integer('alarms_working').notNull(),
    alarmsLastTestedOn: day('alarms_last_tested_on'),
    videoRetentionDays: integer('video_retention_days').notNull(),
    videoLinkedToBureau: boolean('video_linked_to_bureau').notNull(),
    perimeterInstalled: boolean('perimeter_installed').notNull(),
    perimeterArmed24h: boolean('perimeter_armed_24h').notNull(),
    note: text('note'),
    fileIds: integer('file_ids').array().notNull().default(sql`'{}'::int[]`),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('security_profiles_school_idx').on(t.schoolId, t.recordedOn),
    index('security_profiles_path_idx').using('btree', sql`${t.schoolPath} text_pattern_ops`),
    check('security_profiles_alarms_ck', sql`${t.alarmsInstalled} >= 0 and ${t.alarmsWorking} >= 0 and ${t.alarmsWorking} <= ${t.alarmsInstalled}`),
    check('security_profiles_video_ck', sql`${t.videoRetentionDays} >= 0`),
  ],
);

/**
 * The compliance rollup (达标情况汇总): the engine's findings per school and rule as of a day, kept
 * so that the bureau's page reads rows instead of evaluating 1,000 schools. A school is evaluated
 * again when one of its records changes (compliance_dirty) and every school when the day, the rule
 * pack or the calendars change.
 */
export const complianceFindings = pgTable(
  'compliance_findings',
  {
    districtId: integer('district_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    ruleCode: text('rule_code').notNull(),
    status: text('status').notNull(),
    period: jsonb('period'),
    value: numeric('value', { mode: 'number' }),
    target: numeric('target', { mode: 'number' }),
    dueOn: day('due_on'),
    recordIds: text('record_ids').array().notNull().default(sql`'{}'::text[]`),
    explanation: text('explanation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.ruleCode] }),
    index('compliance_findings_district_idx').on(t.districtId, t.status),
    index('compliance_findings_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
  ],
);

/** What the rollup of a district was computed from; a different day or pack version means evaluate all again. */
export const complianceRollups = pgTable('compliance_rollups', {
  districtId: integer('district_id')
    .primaryKey()
    .references(() => districts.id),
  asOf: day('as_of').notNull(),
  packVersion: integer('pack_version').notNull(),
  // Bumped when calendars or key periods change.
  inputsStamp: text('inputs_stamp').notNull(),
  evaluatedAt: ts('evaluated_at').notNull(),
});

/** Schools whose records changed since the rollup: evaluated again on the next read or scheduler run. */
export const complianceDirty = pgTable('compliance_dirty', {
  unitId: integer('unit_id')
    .primaryKey()
    .references(() => units.id),
  districtId: integer('district_id').notNull(),
  markedAt: ts('marked_at').notNull().defaultNow(),
});

/**
 * The month's compliance of each school (达标趋势): its findings counted by status, written with the
 * rollup (the current month) and evaluated at each month's end for the months before.
 */
export const complianceMonthly = pgTable(
  'compliance_monthly',
  {
    districtId: integer('district_id').notNull(),
    month: text('month').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    unitPath: text('unit_path').notNull(),
    met: integer('met').notNull(),
    dueSoon: integer('due_soon').notNull(),
    missed: integer('missed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month] }), index('compliance_monthly_district_idx').on(t.districtId, t.month)],
);

export const schema = {
  districts,
  units,
  roles,
  rolePermissions,
  users,
  userRoles,
  sessions,
  auditEvents,
  importJobs,
  codeCounters,
  files,
  checklistTemplates,
  checklistVersions,
  campaigns,
  campaignPhases,
  campaignAreas,
  campaignSchools,
  inspections,
  inspectionInspectors,
  inspectionTargets,
  inspectionResults,
  hazards,
  hazardSteps,
  notifications,
  weeklyReturns,
  campaignSamples,
  rulePacks,
  rulePackVersions,
  schoolCalendars,
  keyPeriods,
  drills,
  staffMembers,
  trainings,
  safetyMeetings,
  insurancePolicies,
  responsibilityLetters,
  letterSignatures,
  dutyRosters,
  dutyEntries,
  securityProfiles,
  complianceFindings,
  complianceRollups,
  complianceDirty,
  complianceMonthly,
};
