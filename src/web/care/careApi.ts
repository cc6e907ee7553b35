// Client for students of concern (/api/v1/care, issue 16): the shapes come from the shared contracts.
import type { z } from 'zod';
import type {
  CareMe,
  CareRecordRow,
  CareRecordView,
  CareSummary,
  CreateCareRecord,
  CreateFollowUp,
  CreateScreening,
  ReadPurpose,
  ScreeningView,
  UpdateCareRecord,
  careReadBody,
  careStaffList,
} from '../../contracts/care.js';
import { http, type Page, type Query } from '../api.js';

export const CARE_KEY = ['care'] as const;

export const careApi = {
  me: () => http.get<CareMe>('/care/me'),
  records: (q: Query) => http.get<Page<CareRecordRow>>('/care/records', q),
  record: (id: number, purpose: ReadPurpose) => http.get<CareRecordView>(`/care/records/${id}`, { purpose }),
  createRecord: (body: CreateCareRecord) => http.post<CareRecordView>('/care/records', body),
  updateRecord: (id: number, body: UpdateCareRecord) => http.patch<CareRecordView>(`/care/records/${id}`, body),
  assignCarers: (id: number, version: number, carerIds: number[]) => http.put<CareRecordView>(`/care/records/${id}/carers`, { version, carerIds }),
  addFollowUp: (id: number, body: CreateFollowUp) => http.post<CareRecordView>(`/care/records/${id}/follow-ups`, body),
  close: (id: number, body: { version: number; closedOn: string; closeReason: string }) => http.post<CareRecordView>(`/care/records/${id}/close`, body),
  candidates: (schoolId: number) => http.get<{ items: Array<{ id: number; displayName: string }> }>(`/care/schools/${schoolId}/carer-candidates`),
  staff: () => http.get<z.infer<typeof careStaffList>>('/care/staff'),
  grantStaff: (userId: number) => http.post<{ id: number }>('/care/staff', { userId }),
  revokeStaff: (id: number) => http.post<{ id: number }>(`/care/staff/${id}/revoke`),
  reads: (q: Query) => http.get<Page<z.infer<typeof careReadBody>>>('/care/reads', q),
  screenings: (q: Query) => http.get<Page<ScreeningView>>('/care/screenings', q),
  createScreening: (body: CreateScreening) => http.post<ScreeningView>('/care/screenings', body),
  voidScreening: (id: number, version: number, voidReason: string) => http.post<ScreeningView>(`/care/screenings/${id}/void`, { version, voidReason }),
  summary: (q: Query) => http.get<CareSummary>('/care/summary', q),
};
