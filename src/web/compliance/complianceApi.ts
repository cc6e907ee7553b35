// Client for the compliance rollup (/api/v1/compliance): the shapes come from the shared contracts.
// Its query key is COMPLIANCE_KEY in ledger/ledgerApi.ts, since a write to any ledger invalidates it.
import type { ComplianceTrend, ComplianceView } from '../../contracts/compliance.js';
import { http, type Query } from '../api.js';

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

export const complianceApi = {
  compliance: (q: ComplianceQuery) => http.get<ComplianceView>('/compliance', q),
  complianceTrend: (q: Pick<ComplianceQuery, 'unitId' | 'townId' | 'stage'>) => http.get<ComplianceTrend>('/compliance/trend', q),
};
