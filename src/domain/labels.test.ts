// The label rules (issue 17): the URL a label encodes and back, the grid of an A4 sheet, the QR
// code's rectangles, the areas of each kind of place.
import QRCode from 'qrcode';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { labelKinds } from '../contracts/labels.js';
import { A4_LABELS, codeOfUrl, floorName, hazardAreaOf, labelCell, labelUrl, pagesFor, placeAreas, qrRects } from './labels.js';

const code = '0123456789abcdef0123456789abcdef';

describe('label URL', () => {
  it('joins the base and the code, trailing slashes or a path prefix alike, and reads the code back', () => {
    expect(labelUrl('https://anxiao.example.cn', code)).toBe(`https://anxiao.example.cn/q/${code}`);
    expect(labelUrl('https://anxiao.example.cn//', code)).toBe(`https://anxiao.example.cn/q/${code}`);
    expect(labelUrl('https://gov.example.cn/anxiao/', code)).toBe(`https://gov.example.cn/anxiao/q/${code}`);
    expect(codeOfUrl(labelUrl('http://10.0.0.5:3000', code))).toBe(code);
    expect(codeOfUrl('https://x/q/12')).toBeNull();
    expect(codeOfUrl(`https://x/l/${code}`)).toBeNull();
  });
});

describe('sheet grid', () => {
  it('puts 12 labels on an A4 page, row by row, inside the margins, without overlap', () => {
    const l = A4_LABELS;
    expect(pagesFor(0, l)).toBe(1);
    expect(pagesFor(12, l)).toBe(1);
    expect(pagesFor(13, l)).toBe(2);
    const first = labelCell(0, l);
    expect(first).toMatchObject({ page: 0, x: l.margin, y: l.margin });
    expect(labelCell(1, l).x).toBeCloseTo(first.x + first.width + l.gap);
    expect(labelCell(3, l)).toMatchObject({ page: 0, x: l.margin });
    expect(labelCell(3, l).y).toBeCloseTo(first.y + first.height + l.gap);
    const last = labelCell(11, l);
    expect(last.page).toBe(0);
    expect(last.x + last.width).toBeCloseTo(l.pageWidth - l.margin);
    expect(last.y + last.height).toBeCloseTo(l.pageHeight - l.margin);
    expect(labelCell(12, l)).toMatchObject({ page: 1, x: first.x, y: first.y });
    // About 60 × 67 mm: room for a 40 mm code and three lines.
    expect(first.width / 72 * 25.4).toBeGreaterThan(55);
    expect(first.height / 72 * 25.4).toBeGreaterThan(60);
    expect(() => labelCell(-1, l)).toThrow(RangeError);
  });
});

describe('QR rectangles', () => {
  it('are the runs of dark modules, and drawn they decode back to the URL', () => {
    const url = labelUrl('https://anxiao.example.cn', code);
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const rects = qrRects(qr.modules);
    const dark = Array.from(qr.modules.data).filter(Boolean).length;
    expect(rects.reduce((n, r) => n + r.w * r.h, 0)).toBe(dark);
    expect(rects.length).toBeLessThan(dark);
    // Rasterise the rectangles as the sheet draws them (with the quiet zone) and scan them.
    const scale = 4;
    const quiet = 4;
    const side = (qr.modules.size + 2 * quiet) * scale;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const r of rects)
      for (let y = (r.y + quiet) * scale; y < (r.y + quiet + r.h) * scale; y++)
        for (let x = (r.x + quiet) * scale; x < (r.x + quiet + r.w) * scale; x++) rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    expect(jsQR(rgba, side, side)?.data).toBe(url);
  });
});

describe('places and areas', () => {
  it('gives every kind a hazard area, the first of its checklist areas', () => {
    for (const k of labelKinds) expect(hazardAreaOf(k)).toBe(placeAreas[k][0] ?? 'fire_chemicals');
    expect(hazardAreaOf('canteen')).toBe('food_disease');
    expect(hazardAreaOf('gate')).toBe('closed_campus');
    expect(floorName('3号教学楼', 2)).toBe('3号教学楼 2层');
  });
});
