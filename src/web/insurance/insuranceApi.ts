// Client for the school liability insurance ledger (/api/v1/insurance-policies): the shapes come
// from the shared contracts.
import type { CreateInsurance, InsuranceListQuery, InsuranceView, UpdateInsurance } from '../../contracts/insurance.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type InsuranceQuery = QueryOf<InsuranceListQuery>;

export const INSURANCE_KEY = ['insurance-policies'] as const;

export const insuranceApi = {
  insurancePolicies: (q: InsuranceQuery) => http.get<Page<InsuranceView>>('/insurance-policies', q),
  insurancePolicy: (id: number) => http.get<InsuranceView>(`/insurance-policies/${id}`),
  createInsurancePolicy: (body: CreateInsurance) => http.post<InsuranceView>('/insurance-policies', body),
  updateInsurancePolicy: (id: number, body: UpdateInsurance) => http.patch<InsuranceView>(`/insurance-policies/${id}`, body),
  voidInsurancePolicy: (id: number, version: number, voidReason: string) =>
    http.post<InsuranceView>(`/insurance-policies/${id}/void`, voidBody(version, voidReason)),
};
