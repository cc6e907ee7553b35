// Client for notices, interviews, accountability decisions and the award check (/api/v1/notices,
// /interviews, /accountability-decisions, /award-checks): the shapes come from the shared contracts.
import type {
  AwardCheckView,
  CompleteCommitment,
  CreateDecision,
  CreateInterview,
  CreateNotice,
  DecisionView,
  InterviewView,
  NoticeDetail,
  NoticeView,
  ReplyNotice,
  UpdateNotice,
} from '../../contracts/accountability.js';
import { http, type Page, type Query } from '../api.js';

export const ACCOUNTABILITY_KEY = ['accountability'] as const;

export const accountabilityApi = {
  notices: (q: Query) => http.get<Page<NoticeView>>('/notices', q),
  notice: (id: number) => http.get<NoticeDetail>(`/notices/${id}`),
  createNotice: (body: CreateNotice) => http.post<NoticeDetail>('/notices', body),
  updateNotice: (id: number, body: UpdateNotice) => http.patch<NoticeDetail>(`/notices/${id}`, body),
  approveNotice: (id: number, version: number, comment: string | null) => http.post<NoticeDetail>(`/notices/${id}/approve`, { version, comment }),
  publishNotice: (id: number, version: number) => http.post<NoticeDetail>(`/notices/${id}/publish`, { version }),
  reply: (id: number, unitId: number, body: ReplyNotice) => http.post<NoticeDetail>(`/notices/${id}/units/${unitId}/reply`, body),
  interviews: (q: Query) => http.get<Page<InterviewView>>('/interviews', q),
  createInterview: (body: CreateInterview) => http.post<InterviewView>('/interviews', body),
  completeCommitment: (id: number, commitmentId: number, body: CompleteCommitment) => http.post<InterviewView>(`/interviews/${id}/commitments/${commitmentId}/complete`, body),
  decisions: (q: Query) => http.get<Page<DecisionView>>('/accountability-decisions', q),
  createDecision: (body: CreateDecision) => http.post<DecisionView>('/accountability-decisions', body),
  awardCheck: (unitId: number, year: number) => http.get<AwardCheckView>('/award-checks', { unitId, year }),
};
