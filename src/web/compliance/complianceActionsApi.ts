// Client for compliance oversight (/api/v1/compliance/actions) and a school's due calendar
// (/api/v1/schools/:id/due-calendar): the shapes come from the shared contracts.
import type { ComplianceActionResult, ComplianceActionsView, DueCalendar } from '../../contracts/compliance.js';
import type { HazardGrade } from '../../contracts/enums.js';
import { http } from '../api.js';

export interface ComplianceActionRequest {
  unitId: number;
  ruleCode: string;
  action: 'hazard' | 'notice';
  note?: string | null;
  grade?: HazardGrade;
  deadline?: string | null;
}

export const COMPLIANCE_ACTIONS_KEY = ['compliance-actions'] as const;
export const DUE_CALENDAR_KEY = ['due-calendar'] as const;

export const complianceActionsApi = {
  view: (unitId: number) => http.get<ComplianceActionsView>('/compliance/actions', { unitId }),
  act: (body: ComplianceActionRequest) => http.post<ComplianceActionResult>('/compliance/actions', body),
  dueCalendar: (unitId: number, month?: string) => http.get<DueCalendar>(`/schools/${unitId}/due-calendar`, { month }),
};
