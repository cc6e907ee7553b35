// Client for letters to families (/api/v1/family-letters) and the guardian's public link: the shapes come from the shared contracts.
import type {
  AddLetterClass,
  ConfirmLetter,
  CreateFamilyLetter,
  FamilyLetterListQuery,
  FamilyLetterRates,
  FamilyLetterRatesQuery,
  FamilyLetterView,
  LetterClassSlips,
  PaperSlip,
  PublicLetterView,
  UpdateFamilyLetter,
} from '../../contracts/family-letters.js';
import { http, type Page } from '../api.js';
import { voidBody, type QueryOf } from '../ledger/ledgerApi.js';

export type FamilyLetterQuery = QueryOf<FamilyLetterListQuery>;

export const FAMILY_LETTER_KEY = ['family-letters'] as const;

export const familyLettersApi = {
  list: (q: FamilyLetterQuery) => http.get<Page<FamilyLetterView>>('/family-letters', q),
  get: (id: number) => http.get<FamilyLetterView>(`/family-letters/${id}`),
  rates: (q: QueryOf<FamilyLetterRatesQuery>) => http.get<FamilyLetterRates>('/family-letters/rates', q),
  teachers: (schoolId: number) => http.get<{ items: Array<{ id: number; displayName: string }> }>('/family-letters/teachers', { schoolId }),
  create: (body: CreateFamilyLetter) => http.post<FamilyLetterView>('/family-letters', body),
  update: (id: number, body: UpdateFamilyLetter) => http.patch<FamilyLetterView>(`/family-letters/${id}`, body),
  addClass: (id: number, body: AddLetterClass) => http.post<FamilyLetterView>(`/family-letters/${id}/classes`, body),
  slips: (id: number, classId: number) => http.get<LetterClassSlips>(`/family-letters/${id}/classes/${classId}/slips`),
  paper: (id: number, slipId: number, body: PaperSlip) => http.post<LetterClassSlips>(`/family-letters/${id}/slips/${slipId}/paper`, body),
  void: (id: number, version: number, voidReason: string) => http.post<FamilyLetterView>(`/family-letters/${id}/void`, voidBody(version, voidReason)),
  open: (token: string) => http.get<PublicLetterView>(`/public/family-letters/${encodeURIComponent(token)}`),
  confirm: (token: string, body: ConfirmLetter) => http.post<PublicLetterView & { alreadyConfirmed: boolean }>(`/public/family-letters/${encodeURIComponent(token)}/confirm`, body),
};

/** The address a guardian opens: printed as a QR code on the slip. */
export const letterLink = (token: string) => `${window.location.origin}/l/${token}`;
