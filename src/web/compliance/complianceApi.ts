// Client for the compliance rollup (/api/v1/compliance): the shapes come from the shared contracts.
// Its query key is COMPLIANCE_KEY in ledger/ledgerApi.ts, since a write to any ledger invalidates it.
import type { ComplianceMatrixView, CompliancePeriodsView, ComplianceTrend, ComplianceView } from '../../contracts/compliance.js';
import { http, type Query } from '../api.js';

export type ComplianceQuery = Query & {
  unitId?: number;
  townId?: number;
  stage?: string;
  ruleCode?: string;
  status?: string;
  per?: 'finding' | 'school';
  sort?: 'path' | 'missed';
  /** A past day: the board from the year's record as of then. */
  asOf?: string;
  page?: number;
  pageSize?: number;
};

export const complianceApi = {
  compliance: (q: ComplianceQuery) => http.get<ComplianceView>('/compliance', q),
  /** A page of schools with every rule's status and sentence: the board's matrix and the home page (issue 19). */
  matrix: (q: Omit<ComplianceQuery, 'per'>) => http.get<ComplianceMatrixView>('/compliance/matrix', q),
  /** A school's periods of the year per rule, as of a day (issue 14). */
  periods: (q: { unitId: number; asOf?: string }) => http.get<CompliancePeriodsView>('/compliance/periods', q),
  complianceTrend: (q: Pick<ComplianceQuery, 'unitId' | 'townId' | 'stage'>) => http.get<ComplianceTrend>('/compliance/trend', q),
};
