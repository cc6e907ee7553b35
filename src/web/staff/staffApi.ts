// Client for the staff posts and training ledgers (/api/v1/staff, /trainings): the shapes come
// from the shared contracts.
import type {
  CreateStaff,
  CreateTraining,
  StaffListQuery,
  StaffView,
  TrainingListQuery,
  TrainingView,
  UpdateStaff,
  UpdateTraining,
} from '../../contracts/staff.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type StaffQuery = QueryOf<StaffListQuery>;
export type TrainingQuery = QueryOf<TrainingListQuery>;

export const STAFF_KEY = ['staff'] as const;
export const TRAININGS_KEY = ['trainings'] as const;

export const staffApi = {
  staff: (q: StaffQuery) => http.get<Page<StaffView>>('/staff', q),
  staffMember: (id: number) => http.get<StaffView>(`/staff/${id}`),
  createStaff: (body: CreateStaff) => http.post<StaffView>('/staff', body),
  updateStaff: (id: number, body: UpdateStaff) => http.patch<StaffView>(`/staff/${id}`, body),

  trainings: (q: TrainingQuery) => http.get<Page<TrainingView>>('/trainings', q),
  training: (id: number) => http.get<TrainingView>(`/trainings/${id}`),
  createTraining: (body: CreateTraining) => http.post<TrainingView>('/trainings', body),
  updateTraining: (id: number, body: UpdateTraining) => http.patch<TrainingView>(`/trainings/${id}`, body),
  voidTraining: (id: number, version: number, voidReason: string) => http.post<TrainingView>(`/trainings/${id}/void`, voidBody(version, voidReason)),
};
