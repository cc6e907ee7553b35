// A number field in a form refuses a value out of its bounds with a message under the field; it
// never clamps it. antd's InputNumber with min/max silently turns -5 into the minimum on blur
// (issue 17: 参加人数 -5 was saved as 1, 疏散用时 and 整改资金 as 0), so form inputs carry no
// min/max and take a rule instead (zodRule with the contract, or numberRule in src/web/forms.ts).
// A control outside a form field (a year filter) may clamp.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const web = path.resolve(import.meta.dirname, '../src/web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : f.endsWith('.tsx') ? [p] : [];
  });
}

describe('number fields in forms (issue 17)', () => {
  it('carry no clamping min/max', () => {
    const clamping: string[] = [];
    for (const f of files(web)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/<InputNumber\b[\s\S]*?\/>/g)) {
        // Inside a form field: the nearest Form.Item before it is still open.
        const item = text.lastIndexOf('<Form.Item', m.index);
        const inForm = item >= 0 && !text.slice(item, m.index).includes('</Form.Item>');
        if (inForm && /\b(min|max)=\{/.test(m[0])) {
          clamping.push(`${path.relative(web, f)}:${text.slice(0, m.index).split('\n').length}`);
        }
      }
    }
    expect(clamping).toEqual([]);
  });
});
