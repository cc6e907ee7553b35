// The label sheet (二维码标签页, issue 17): A4 pages of labels, each with its QR code drawn as vector
// rectangles (sharp at any printer resolution), the thing's name and kind and the school's name.
// pdfkit embeds only the glyphs used from the CJK font (a subset: tens of kB, not the 19 MB file).
import { access } from 'node:fs/promises';
import QRCode from 'qrcode';
import { labelKindLabels, type LabelKind } from '../../contracts/labels.js';
import { A4_LABELS, labelCell, pagesFor, qrRects, type SheetLayout } from '../../domain/labels.js';
import { AppError } from '../errors.js';

/** Debian's fonts-noto-cjk (which CI installs); LABEL_FONT names another. */
export const DEFAULT_LABEL_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
// A .ttc holds several fonts: the Simplified Chinese one is picked by its PostScript name.
const TTC_FACE = 'NotoSansCJKsc-Regular';

export interface SheetLabel {
  kind: LabelKind;
  name: string;
  url: string;
}

/** Modules of quiet zone around the code, as the QR standard asks. */
const QUIET = 4;

/** The font file or a clear 503: checked before anything is audited or drawn. */
export async function fontOrRefuse(path: string) {
  try {
    await access(path);
  } catch {
    throw new AppError(503, 'LABEL_FONT_MISSING', `服务器缺少中文字体文件（${path}），无法生成标签 PDF。请管理员安装 fonts-noto-cjk 或设置 LABEL_FONT。`);
  }
}

/** The PDF of the labels, in order, 12 to an A4 page. */
export async function renderSheet(labels: SheetLabel[], schoolName: string, fontPath: string, layout: SheetLayout = A4_LABELS): Promise<Buffer> {
  await fontOrRefuse(fontPath);
  // Loaded when first used, like ExcelJS and docx: the server does not hold it from start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: [layout.pageWidth, layout.pageHeight], margin: 0, autoFirstPage: false, info: { Title: `${schoolName} 二维码标签`, Creator: '安校' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontPath, fontPath.toLowerCase().endsWith('.ttc') ? TTC_FACE : undefined);

  // Labels are drawn in order, so each page is finished before the next is added (nothing buffered).
  let page = -1;
  const toPage = (p: number) => {
    while (page < p) {
      doc.addPage({ size: [layout.pageWidth, layout.pageHeight], margin: 0 });
      page++;
    }
  };
  if (!labels.length) {
    toPage(0);
    doc.font('cjk').fontSize(12).fillColor('#000').text(`${schoolName}：没有需要标签的地点或设备`, layout.margin, layout.margin);
  }
  labels.forEach((label, n) => {
    const cell = labelCell(n, layout);
    toPage(cell.page);
    // A light cutting line around each label.
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).strokeColor('#999').rect(cell.x, cell.y, cell.width, cell.height).stroke().restore();
    const pad = 8;
    const textHeight = 58;
    const side = Math.min(cell.width - 2 * pad, cell.height - textHeight - 2 * pad);
    const qr = QRCode.create(label.url, { errorCorrectionLevel: 'M' });
    const unit = side / (qr.modules.size + 2 * QUIET);
    const qx = cell.x + (cell.width - side) / 2 + QUIET * unit;
    const qy = cell.y + pad + QUIET * unit;
    doc.save().fillColor('#000');
    for (const r of qrRects(qr.modules)) doc.rect(qx + r.x * unit, qy + r.y * unit, r.w * unit, r.h * unit);
    doc.fill().restore();

    const tx = cell.x + pad;
    const tw = cell.width - 2 * pad;
    let ty = cell.y + pad + side + 2;
    doc.font('cjk').fillColor('#000').fontSize(11).text(label.name, tx, ty, { width: tw, align: 'center', height: 28, ellipsis: true });
    ty += 30;
    doc.fontSize(8).fillColor('#333').text(`${labelKindLabels[label.kind]} · 扫码检查或上报隐患`, tx, ty, { width: tw, align: 'center', lineBreak: false });
    ty += 12;
    doc.fontSize(8).fillColor('#333').text(schoolName, tx, ty, { width: tw, align: 'center', height: 12, ellipsis: true });
  });
  if (page + 1 !== pagesFor(labels.length, layout)) throw new Error(`label sheet: ${page + 1} pages drawn for ${labels.length} labels`);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
