// The rules of the QR labels (二维码标签, issue 17): what a label's URL is, which checklist areas and
// hazard area a kind of place belongs to, how labels sit on an A4 sheet, and how a QR code's
// modules become the rectangles drawn on it. Pure: no I/O, no clock.
import type { SafetyArea } from '../contracts/enums.js';
import type { LabelKind } from '../contracts/labels.js';

/** The path of the scan page; short, so the QR code stays small and easy to scan. */
export const SCAN_PATH = '/q/';

/**
 * The URL a label encodes: the app's public base (ANXIAO_PUBLIC_URL, else the request's own origin) and
 * the opaque code. The base is an origin with an optional path prefix; trailing slashes dropped.
 */
export function labelUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}${SCAN_PATH}${code}`;
}

/** The code a scanned URL carries, or null when the URL is not a label's. */
export function codeOfUrl(url: string): string | null {
  const m = /\/q\/([0-9a-f]{32})$/.exec(url);
  return m ? m[1] : null;
}

/**
 * The checklist areas of each kind of place (the areas of seed 002): a building or floor is walked
 * for fire safety and the physical defences, the canteen for food safety, a lab store for
 * hazardous chemicals (with fire in one area), a gate for the closed campus and its guards. The
 * first area is the hazard report's default. Equipment has its own record and inspection instead
 * of checklist items; its hazards are fire and special equipment (001 item 19 in area 2).
 */
export const placeAreas: Record<LabelKind, readonly SafetyArea[]> = {
  building: ['fire_chemicals', 'defences'],
  floor: ['fire_chemicals', 'defences'],
  canteen: ['food_disease'],
  lab_store: ['fire_chemicals'],
  gate: ['closed_campus', 'guards'],
  equipment: [],
};
export const hazardAreaOf = (kind: LabelKind): SafetyArea => placeAreas[kind][0] ?? 'fire_chemicals';

/** A floor's printed name: "3号教学楼 2层". */
export const floorName = (building: string, floor: number) => `${building} ${floor}层`;

/** The key of a thing within its school and kind: a record's id, a floor's building and number, a store's or gate's name. */
export const floorRef = (buildingId: number, floor: number) => `${buildingId}:${floor}`;

export interface SheetLayout {
  /** Page size in PDF points (1/72 inch). */
  pageWidth: number;
  pageHeight: number;
  margin: number;
  columns: number;
  rows: number;
  /** Space between labels. */
  gap: number;
}

/** A4 (595.28 × 841.89 pt), 3 × 4 labels of about 60 × 67 mm: a QR code of 40 mm scans from a metre. */
export const A4_LABELS: SheetLayout = { pageWidth: 595.28, pageHeight: 841.89, margin: 28, columns: 3, rows: 4, gap: 10 };

export interface LabelCell {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const labelsPerPage = (l: SheetLayout) => l.columns * l.rows;
export const pagesFor = (count: number, l: SheetLayout) => Math.max(1, Math.ceil(count / labelsPerPage(l)));

/** The cell of the n-th label (0-based): row by row from the top left, a new page when one is full. */
export function labelCell(n: number, l: SheetLayout): LabelCell {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`label index ${n}`);
  const width = (l.pageWidth - 2 * l.margin - (l.columns - 1) * l.gap) / l.columns;
  const height = (l.pageHeight - 2 * l.margin - (l.rows - 1) * l.gap) / l.rows;
  const onPage = n % labelsPerPage(l);
  const col = onPage % l.columns;
  const row = Math.floor(onPage / l.columns);
  return { page: Math.floor(n / labelsPerPage(l)), x: l.margin + col * (width + l.gap), y: l.margin + row * (height + l.gap), width, height };
}

/** A QR code's modules as the qrcode library gives them: size × size, row by row, 1 = dark. */
export interface QrModules {
  size: number;
  data: ArrayLike<number | boolean>;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The dark modules as rectangles in module units, each horizontal run of a row as one rectangle
 * (about a third as many drawing operations as one square per module, and no hairline seams
 * between neighbours in a viewer's anti-aliasing).
 */
export function qrRects(m: QrModules): Rect[] {
  const out: Rect[] = [];
  for (let y = 0; y < m.size; y++) {
    let x = 0;
    while (x < m.size) {
      if (!m.data[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.data[y * m.size + x]) x++;
      out.push({ x: start, y, w: x - start, h: 1 });
    }
  }
  return out;
}
