// Client for the drill ledger, the rule pack and compliance (/api/v1/drills, /rules, /compliance):
// the shapes come from the shared contracts.
import type { ChangeThresholds, ComplianceTrend, ComplianceView, CreateDrill, Drill, DrillListQuery, RulePackView, UpdateDrill } from '../../contracts/ledgers.js';
import { http, type Page, type Query } from '../api.js';

export type DrillQuery = Query & { [K in keyof DrillListQuery]?: DrillListQuery[K] };
export type ComplianceQuery = Query & {
  unitId?: number;
  townId?: number;
  stage?: string;
  ruleCode?: string;
  status?: string;
  per?: 'finding' | 'school';
  sort?: 'path' | 'missed';
  page?: number;
  pageSize?: number;
};

export const DRILLS_KEY = ['drills'] as const;
export const COMPLIANCE_KEY = ['compliance'] as const;
export const RULES_KEY = ['rules'] as const;

export const ledgersApi = {
  drills: (q: DrillQuery) => http.get<Page<Drill>>('/drills', q),
  drill: (id: number) => http.get<Drill>(`/drills/${id}`),
  createDrill: (body: CreateDrill) => http.post<Drill>('/drills', body),
  updateDrill: (id: number, body: UpdateDrill) => http.patch<Drill>(`/drills/${id}`, body),
  voidDrill: (id: number, version: number, voidReason: string) => http.post<Drill>(`/drills/${id}/void`, { version, voidReason }),

  compliance: (q: ComplianceQuery) => http.get<ComplianceView>('/compliance', q),
  complianceTrend: (q: Pick<ComplianceQuery, 'unitId' | 'townId' | 'stage'>) => http.get<ComplianceTrend>('/compliance/trend', q),

  rules: (version?: number) => http.get<RulePackView>('/rules', { version }),
  changeThresholds: (body: ChangeThresholds) => http.patch<RulePackView>('/rules', body),
};
