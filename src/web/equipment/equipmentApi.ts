// Client for the special equipment ledger (/api/v1/special-equipment, /api/v1/equipment-logs).
import type { CreateEquipment, CreateEquipmentLog, EquipmentListQuery, EquipmentLogListQuery, EquipmentLogView, EquipmentView, UpdateEquipment } from '../../contracts/equipment.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type EquipmentQuery = QueryOf<EquipmentListQuery>;
export type EquipmentLogQuery = QueryOf<EquipmentLogListQuery>;

/** A log entry moves the item's due day: one key for both lists. */
export const EQUIPMENT_KEY = ['special-equipment'] as const;

export const equipmentApi = {
  list: (q: EquipmentQuery) => http.get<Page<EquipmentView>>('/special-equipment', q),
  create: (body: CreateEquipment) => http.post<EquipmentView>('/special-equipment', body),
  update: (id: number, body: UpdateEquipment) => http.patch<EquipmentView>(`/special-equipment/${id}`, body),
  void: (id: number, version: number, reason: string) => http.post<EquipmentView>(`/special-equipment/${id}/void`, voidBody(version, reason)),
  logs: (q: EquipmentLogQuery) => http.get<Page<EquipmentLogView>>('/equipment-logs', q),
  createLog: (body: CreateEquipmentLog) => http.post<EquipmentLogView>('/equipment-logs', body),
  voidLog: (id: number, version: number, reason: string) => http.post<EquipmentLogView>(`/equipment-logs/${id}/void`, voidBody(version, reason)),
};
