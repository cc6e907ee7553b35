// Client for the gate log (/api/v1/gate-records): the shapes come from the shared contracts.
import type { CreateGate, GateLeave, GateListQuery, GateView, UpdateGate } from '../../contracts/gate.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type GateQuery = QueryOf<Omit<GateListQuery, 'inside' | 'flagged'>> & { inside?: 'true'; flagged?: 'true' };

export const GATE_KEY = ['gate-records'] as const;

export const gateApi = {
  list: (q: GateQuery) => http.get<Page<GateView>>('/gate-records', q),
  create: (body: CreateGate) => http.post<GateView>('/gate-records', body),
  update: (id: number, body: UpdateGate) => http.patch<GateView>(`/gate-records/${id}`, body),
  leave: (id: number, body: GateLeave) => http.post<GateView>(`/gate-records/${id}/leave`, body),
  void: (id: number, version: number, voidReason: string) => http.post<GateView>(`/gate-records/${id}/void`, voidBody(version, voidReason)),
};
