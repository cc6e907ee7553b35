// Client for the QR labels (/api/v1/labels, issue 17).
import type { LabelKind, LabelList, LabelView, ScannedLabel } from '../../contracts/labels.js';
import { apiUrl, http } from '../api.js';

export const LABELS_KEY = ['labels'] as const;

export const labelsApi = {
  list: (schoolId: number, kind?: LabelKind) => http.get<LabelList>('/labels', { schoolId, kind }),
  open: (code: string) => http.get<ScannedLabel>(`/labels/${encodeURIComponent(code)}`),
  revoke: (code: string, reason: string) => http.post<LabelView>(`/labels/${encodeURIComponent(code)}/revoke`, { reason }),
  /** The PDF sheet (a download: the server sends the file and audits it). */
  sheetUrl: (schoolId: number, kind?: LabelKind) => apiUrl('/labels/sheet', { schoolId, kind }),
};
