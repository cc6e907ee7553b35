// Client for the hazardous chemicals ledger (/api/v1/chemicals, /api/v1/chemical-movements).
import type { ChemicalListQuery, ChemicalView, CreateChemical, CreateMovement, MovementListQuery, MovementView, UpdateChemical, UpdateMovement } from '../../contracts/chemicals.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type ChemicalQuery = QueryOf<ChemicalListQuery>;
export type MovementQuery = QueryOf<MovementListQuery>;

/** Movements change the balance shown in the chemicals list: one key for both. */
export const CHEMICALS_KEY = ['chemicals'] as const;

export const chemicalsApi = {
  chemicals: (q: ChemicalQuery) => http.get<Page<ChemicalView>>('/chemicals', q),
  chemical: (id: number) => http.get<ChemicalView>(`/chemicals/${id}`),
  createChemical: (body: CreateChemical) => http.post<ChemicalView>('/chemicals', body),
  updateChemical: (id: number, body: UpdateChemical) => http.patch<ChemicalView>(`/chemicals/${id}`, body),
  voidChemical: (id: number, version: number, reason: string) => http.post<ChemicalView>(`/chemicals/${id}/void`, voidBody(version, reason)),
  movements: (q: MovementQuery) => http.get<Page<MovementView>>('/chemical-movements', q),
  createMovement: (body: CreateMovement) => http.post<MovementView>('/chemical-movements', body),
  updateMovement: (id: number, body: UpdateMovement) => http.patch<MovementView>(`/chemical-movements/${id}`, body),
  voidMovement: (id: number, version: number, reason: string) => http.post<MovementView>(`/chemical-movements/${id}/void`, voidBody(version, reason)),
};
