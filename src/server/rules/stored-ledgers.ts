// The ledgers kept in the database so far: /compliance judges only the rules reading one of them
// (the others are listed as pending), and the rule pack view marks each rule with it. Declared here,
// below both rules/ and compliance/, so that compliance/ledger-readers.ts (one reader per entry, checked
// by its type) and the rule pack view read one list without importing each other.
import type { LedgerKind } from '../../contracts/rules.js';

export const STORED_LEDGER_KINDS = [
  'drills',
  'trainings',
  'meetings',
  'insurance_policies',
  'letters',
  'security_profiles',
  'duties',
  'inspections',
  'risks',
  'care_screenings',
  'care_follow_ups',
  'food_safety',
  'gate',
  'health_checks',
  'education',
  'special_equipment',
  'chemicals',
  'staff_checks',
  'network_security',
  'school_buses',
  'fire_standard',
  'buildings',
  'warnings',
  'emergency_plans',
  'emergency_supplies',
  'bullying',
  'drowning',
  'inspection_schedules',
  'safety_budgets',
  'disputes',
  'video_patrols',
] as const satisfies readonly LedgerKind[];

export type StoredLedger = (typeof STORED_LEDGER_KINDS)[number];

export const STORED_LEDGERS: ReadonlySet<LedgerKind> = new Set(STORED_LEDGER_KINDS);
