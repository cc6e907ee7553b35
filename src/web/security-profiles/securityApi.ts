// Client for the security profile ledger (/api/v1/security-profiles, 人防物防技防): the shapes come
// from the shared contracts. There is no update: a correction is recorded as a new profile.
import type { CreateSecurityProfile, SchoolProfilePage, SecurityProfileListQuery, SecurityProfileView } from '../../contracts/security-profiles.js';
import { http, type Page, type Query } from '../api.js';

export type SecurityProfileQuery = Query & { [K in keyof SecurityProfileListQuery]?: SecurityProfileListQuery[K] };

export const SECURITY_KEY = ['security-profiles'] as const;

export const securityApi = {
  schools: (q: SecurityProfileQuery) => http.get<SchoolProfilePage>('/security-profiles', q),
  history: (schoolId: number, page = 1, pageSize = 20) => http.get<Page<SecurityProfileView>>('/security-profiles/history', { schoolId, page, pageSize }),
  profile: (id: number) => http.get<SecurityProfileView>(`/security-profiles/${id}`),
  create: (body: CreateSecurityProfile) => http.post<SecurityProfileView>('/security-profiles', body),
};
