// Client for fire-safety standardisation (/api/v1/fire-standard): the shapes come from the shared contracts.
import type {
  AcceptFireAssessment,
  FireAssessmentDetail,
  FireAssessmentView,
  FirePatrolView,
  FireStandardVersionView,
  FireStandardView,
  FireSummary,
  ReviseFireStandard,
  UpdateFireAssessment,
} from '../../contracts/fire-standard.js';
import { http, type Page, type Query } from '../api.js';

export const FIRE_KEY = ['fire-standard'] as const;

export const fireApi = {
  standard: () => http.get<FireStandardView>('/fire-standard/standard'),
  standardVersion: (n: number) => http.get<FireStandardVersionView>(`/fire-standard/standard/versions/${n}`),
  reviseStandard: (body: ReviseFireStandard) => http.put<FireStandardView>('/fire-standard/standard', body),
  summary: (q: Query) => http.get<FireSummary>('/fire-standard/summary', q),
  assessments: (q: Query) => http.get<Page<FireAssessmentView>>('/fire-standard/assessments', q),
  assessment: (id: number) => http.get<FireAssessmentDetail>(`/fire-standard/assessments/${id}`),
  start: (schoolId: number) => http.post<FireAssessmentDetail>('/fire-standard/assessments', { schoolId }),
  save: (id: number, body: UpdateFireAssessment) => http.patch<FireAssessmentDetail>(`/fire-standard/assessments/${id}`, body),
  submit: (id: number, version: number, comment?: string) => http.post<FireAssessmentDetail>(`/fire-standard/assessments/${id}/submit`, { version, comment }),
  accept: (id: number, body: AcceptFireAssessment) => http.post<FireAssessmentDetail>(`/fire-standard/assessments/${id}/accept`, body),
  itemHazard: (id: number, key: string) => http.post<{ hazardId: number; code: string }>(`/fire-standard/assessments/${id}/hazards`, { key }),
  patrol: (q: Query) => http.get<{ items: FirePatrolView[] }>('/fire-standard/patrol-staff', q),
  namePatrol: (body: { schoolId: number; staffId: number; patrolArea: string; namedOn: string }) => http.post<FirePatrolView>('/fire-standard/patrol-staff', body),
  removePatrol: (id: number, version: number) => http.post<{ ok: true }>(`/fire-standard/patrol-staff/${id}/remove`, { version }),
};
