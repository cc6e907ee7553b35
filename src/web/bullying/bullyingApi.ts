// Client for bullying and violence (/api/v1/bullying, issue 22): the shapes come from the shared contracts.
import type { z } from 'zod';
import type {
  BullyingCaseView,
  BullyingMe,
  BullyingSummary,
  CaseReadPurpose,
  CaseRow,
  CommitteeView,
  CreateBullyingScreening,
  CreateCase,
  CreateMeeting,
  HandleCase,
  HelpLineInput,
  bullyingScreeningBody,
  pupilCandidates,
} from '../../contracts/bullying.js';
import { http, type Page, type Query } from '../api.js';

export const BULLYING_KEY = ['bullying'] as const;

export const bullyingApi = {
  me: () => http.get<BullyingMe>('/bullying/me'),
  committee: (schoolId: number) => http.get<CommitteeView>('/bullying/committee', { schoolId }),
  appoint: (body: { userId: number; committeeRole: string }) => http.post<{ id: number }>('/bullying/committee/members', body),
  remove: (id: number) => http.post<{ id: number }>(`/bullying/committee/members/${id}/remove`),
  createMeeting: (body: CreateMeeting) => http.post<{ id: number }>('/bullying/meetings', body),
  putHelpLine: (body: HelpLineInput) => http.put<{ version: number }>('/bullying/help-line', body),
  screenings: (q: Query) => http.get<Page<z.infer<typeof bullyingScreeningBody>>>('/bullying/screenings', q),
  createScreening: (body: CreateBullyingScreening) => http.post<{ id: number }>('/bullying/screenings', body),
  cases: (q: Query) => http.get<Page<CaseRow>>('/bullying/cases', q),
  case: (id: number, purpose: CaseReadPurpose) => http.get<BullyingCaseView>(`/bullying/cases/${id}`, { purpose }),
  createCase: (body: CreateCase) => http.post<BullyingCaseView>('/bullying/cases', body),
  determine: (id: number, body: { version: number; isBullying: boolean; reasons: string }) => http.post<BullyingCaseView>(`/bullying/cases/${id}/determination`, body),
  handle: (id: number, body: HandleCase) => http.post<BullyingCaseView>(`/bullying/cases/${id}/handling`, body),
  followUp: (id: number, body: { version: number; followUpOn: string; caseFollowUpNote: string }) => http.post<BullyingCaseView>(`/bullying/cases/${id}/follow-ups`, body),
  close: (id: number, body: { version: number; closedOn: string }) => http.post<BullyingCaseView>(`/bullying/cases/${id}/close`, body),
  pupils: (schoolId: number) => http.get<z.infer<typeof pupilCandidates>>(`/bullying/schools/${schoolId}/pupils`),
  summary: (q: Query) => http.get<BullyingSummary>('/bullying/summary', q),
};
