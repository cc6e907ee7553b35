// Client for the responsibility letter ledger (/api/v1/responsibility-letters): the shapes come
// from the shared contracts.
import type { LetterDetail, LetterListQuery, LetterView, SignatureMethod } from '../../contracts/letters.js';
import type { LetterLevel } from '../../contracts/rules.js';
import { apiUrl, http, type Page, type Query } from '../api.js';

export type LetterQuery = Query & { [K in keyof LetterListQuery]?: LetterListQuery[K] };

export const LETTERS_KEY = ['responsibility-letters'] as const;

export interface LetterContent {
  title?: string;
  body?: string | null;
  fileId?: number | null;
  publishedOn?: string;
}

export interface SignInput {
  method: SignatureMethod;
  unitId?: number;
  staffIds?: number[];
  signerName?: string | null;
  signedOn?: string;
  fileId?: number | null;
}

export const lettersApi = {
  list: (q: LetterQuery) => http.get<Page<LetterView>>('/responsibility-letters', q),
  get: (id: number) => http.get<LetterDetail>(`/responsibility-letters/${id}`),
  publish: (body: LetterContent & { level: LetterLevel; year: number; title: string }) => http.post<LetterDetail>('/responsibility-letters', body),
  revise: (id: number, version: number, body: LetterContent) => http.post<LetterDetail>(`/responsibility-letters/${id}/revisions`, { version, ...body }),
  withdraw: (id: number, version: number, withdrawReason: string) => http.post<LetterDetail>(`/responsibility-letters/${id}/withdraw`, { version, withdrawReason }),
  sign: (id: number, body: SignInput) => http.post<LetterDetail>(`/responsibility-letters/${id}/signatures`, body),
  fileUrl: (id: number) => apiUrl(`/responsibility-letters/${id}/file`),
  signTableUrl: (id: number) => apiUrl(`/responsibility-letters/${id}/signatures/export`),
};
