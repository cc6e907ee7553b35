// Client for the emergency supplies, stock checks and readiness by town (/api/v1/emergency-supplies).
import type { CreateStockCheck, CreateSupply, StockCheckView, SupplyListQuery, SupplyReadiness, SupplyView, UpdateSupply } from '../../contracts/emergency-supplies.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type SupplyQuery = QueryOf<SupplyListQuery>;
export const SUPPLIES_KEY = ['emergency-supplies'] as const;

export const emergencySuppliesApi = {
  supplies: (q: SupplyQuery) => http.get<Page<SupplyView>>('/emergency-supplies', q),
  createSupply: (body: CreateSupply) => http.post<SupplyView>('/emergency-supplies', body),
  updateSupply: (id: number, body: UpdateSupply) => http.patch<SupplyView>(`/emergency-supplies/${id}`, body),
  voidSupply: (id: number, version: number, voidReason: string) => http.post<SupplyView>(`/emergency-supplies/${id}/void`, voidBody(version, voidReason)),
  stockChecks: (q: { schoolId?: number; page?: number; pageSize?: number }) => http.get<Page<StockCheckView>>('/emergency-supplies/stock-checks', q),
  createStockCheck: (body: CreateStockCheck) => http.post<StockCheckView>('/emergency-supplies/stock-checks', body),
  readiness: (q: { townId?: number }) => http.get<SupplyReadiness>('/emergency-supplies/readiness', q),
};
