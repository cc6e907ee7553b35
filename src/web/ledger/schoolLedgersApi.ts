// Client for the staff posts, training, safety meeting and school liability insurance ledgers
// (/api/v1/staff, /trainings, /meetings, /insurance-policies): the shapes come from the shared contracts.
import type {
  CreateInsurance,
  CreateMeeting,
  CreateStaff,
  CreateTraining,
  InsuranceListQuery,
  InsuranceView,
  MeetingListQuery,
  MeetingView,
  StaffListQuery,
  StaffView,
  TrainingListQuery,
  TrainingView,
  UpdateInsurance,
  UpdateMeeting,
  UpdateStaff,
  UpdateTraining,
} from '../../contracts/school-ledgers.js';
import { http, type Page, type Query } from '../api.js';

type QueryOf<T> = Query & { [K in keyof T]?: T[K] };
export type StaffQuery = QueryOf<StaffListQuery>;
export type TrainingQuery = QueryOf<TrainingListQuery>;
export type MeetingQuery = QueryOf<MeetingListQuery>;
export type InsuranceQuery = QueryOf<InsuranceListQuery>;

export const STAFF_KEY = ['staff'] as const;
export const TRAININGS_KEY = ['trainings'] as const;
export const MEETINGS_KEY = ['meetings'] as const;
export const INSURANCE_KEY = ['insurance-policies'] as const;

const voidBody = (version: number, voidReason: string) => ({ version, voidReason });

export const schoolLedgersApi = {
  staff: (q: StaffQuery) => http.get<Page<StaffView>>('/staff', q),
  staffMember: (id: number) => http.get<StaffView>(`/staff/${id}`),
  createStaff: (body: CreateStaff) => http.post<StaffView>('/staff', body),
  updateStaff: (id: number, body: UpdateStaff) => http.patch<StaffView>(`/staff/${id}`, body),

  trainings: (q: TrainingQuery) => http.get<Page<TrainingView>>('/trainings', q),
  training: (id: number) => http.get<TrainingView>(`/trainings/${id}`),
  createTraining: (body: CreateTraining) => http.post<TrainingView>('/trainings', body),
  updateTraining: (id: number, body: UpdateTraining) => http.patch<TrainingView>(`/trainings/${id}`, body),
  voidTraining: (id: number, version: number, voidReason: string) => http.post<TrainingView>(`/trainings/${id}/void`, voidBody(version, voidReason)),

  meetings: (q: MeetingQuery) => http.get<Page<MeetingView>>('/meetings', q),
  meeting: (id: number) => http.get<MeetingView>(`/meetings/${id}`),
  createMeeting: (body: CreateMeeting) => http.post<MeetingView>('/meetings', body),
  updateMeeting: (id: number, body: UpdateMeeting) => http.patch<MeetingView>(`/meetings/${id}`, body),
  voidMeeting: (id: number, version: number, voidReason: string) => http.post<MeetingView>(`/meetings/${id}/void`, voidBody(version, voidReason)),

  insurancePolicies: (q: InsuranceQuery) => http.get<Page<InsuranceView>>('/insurance-policies', q),
  insurancePolicy: (id: number) => http.get<InsuranceView>(`/insurance-policies/${id}`),
  createInsurancePolicy: (body: CreateInsurance) => http.post<InsuranceView>('/insurance-policies', body),
  updateInsurancePolicy: (id: number, body: UpdateInsurance) => http.patch<InsuranceView>(`/insurance-policies/${id}`, body),
  voidInsurancePolicy: (id: number, version: number, voidReason: string) =>
    http.post<InsuranceView>(`/insurance-policies/${id}/void`, voidBody(version, voidReason)),

  /** Every page of a list (at most `cap` rows), for a summary computed from the list itself. */
  async all<T>(fetch: (page: number, pageSize: number) => Promise<Page<T>>, cap = 1000): Promise<{ items: T[]; total: number; complete: boolean }> {
    const items: T[] = [];
    let total = 0;
    for (let page = 1; items.length < cap; page++) {
      const p = await fetch(page, 200);
      total = p.total;
      items.push(...p.items);
      if (items.length >= p.total || p.items.length === 0) break;
    }
    return { items, total, complete: items.length >= total };
  },
};
