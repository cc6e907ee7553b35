import { describe, expect, it } from 'vitest';
import { safetyAreas } from '../../contracts/enums.js';
import { builtinChecklists, seedTitles } from './builtin.js';
import { checklistProblems, itemCount, sameSections, type ChecklistSection } from './checklist.js';

const campaignForm = builtinChecklists.find((c) => c.name === '校园安全风险隐患排查表（专项整治）')!;

describe('the built-in campaign checklist (002 attachment 2)', () => {
  it('has the ten areas of seed 002, in its order, each a safety area', () => {
    expect(campaignForm.sections.map((s) => s.area)).toEqual([
      'management',
      'fire_chemicals',
      'food_disease',
      'mental_bullying',
      'education',
      'emergency',
      'closed_campus',
      'guards',
      'defences',
      'surroundings',
    ]);
  });

  it('has at least five items in each area', () => {
    for (const s of campaignForm.sections) expect(s.items.length, s.title).toBeGreaterThanOrEqual(5);
  });

  it('carries the numbers the system must know', () => {
    const all = campaignForm.sections.flatMap((s) => s.items);
    const byKey = (k: string) => all.find((i) => i.key === k)!;
    // 002 area 8
    expect(byKey('guard-02').standard).toContain('至少 2 名');
    expect(byKey('guard-03').standard).toContain('至少 1 名');
    expect(byKey('guard-04').standard).toContain('双倍');
    expect(byKey('guard-05').standard).toContain('叠加 2 名');
    // 002 area 9
    expect(byKey('def-01').standard).toContain('100%');
    expect(byKey('def-05').standard).toContain('不少于 30 日');
    expect(byKey('def-04').standard).toContain('联网');
    // 002 area 7
    expect(byKey('closed-01').standard).toContain('24 小时设防');
    expect(['closed-03', 'closed-04', 'closed-05', 'closed-06'].every((k) => byKey(k).standard.includes('四个一律'))).toBe(true);
    // 002 area 3
    expect(byKey('food-02').standard).toContain('100%');
    // 000 item 17, 001 item 6
    expect(byKey('emerg-03').standard).toMatch(/每月至少 1 次.*每季度至少 1 次/);
  });
});

describe('every built-in checklist', () => {
  it.each(builtinChecklists.map((c) => [c.name, c] as const))('%s is well-formed', (_name, c) => {
    expect(checklistProblems(c.sections)).toEqual([]);
    for (const s of c.sections) {
      expect(safetyAreas).toContain(s.area);
      for (const i of s.items) {
        for (const f of ['text', 'method', 'standard', 'source'] as const) expect(i[f].trim(), `${i.key}.${f}`).not.toBe('');
        // Every source names a seed document.
        expect(i.source, i.key).toMatch(/^(000|001|002|003|004) /);
        for (const seed of i.source.match(/\b00[0-4]\b/g)!) expect(seedTitles[seed]).toBeDefined();
      }
    }
  });

  it('keys are unique across all built-in templates', () => {
    const keys = builtinChecklists.flatMap((c) => c.sections.flatMap((s) => s.items.map((i) => i.key)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names are unique', () => {
    expect(new Set(builtinChecklists.map((c) => c.name)).size).toBe(builtinChecklists.length);
  });
});

describe('checklistProblems', () => {
  const item = (key: string, text = '检查内容') => ({ key, text, method: '', standard: '', source: '' });
  const section = (items = [item('a-1')], title = '部分'): ChecklistSection => ({ title, area: 'management', items });

  it('needs at least one section', () => {
    expect(checklistProblems([])).toEqual([{ field: 'sections', message: '检查表至少需要一个部分（检查领域）' }]);
  });

  it('needs at least one item per section and a title', () => {
    expect(checklistProblems([section([], '')]).map((p) => p.field)).toEqual(['sections.0.title', 'sections.0.items']);
  });

  it('needs the text of each item, naming where', () => {
    expect(checklistProblems([section(), section([item('b-1'), item('b-2', '  ')])])).toEqual([
      { field: 'sections.1.items.1.text', message: '第 2 部分第 2 项的检查内容不能为空' },
    ]);
  });

  it('refuses duplicate and malformed keys', () => {
    const p = checklistProblems([section([item('a-1'), item('a-1'), item('A 1')])]);
    expect(p.map((x) => x.field)).toEqual(['sections.0.items.1.key', 'sections.0.items.2.key']);
    expect(p[0].message).toContain('与第 1 部分第 1 项重复');
  });

  it('counts items and compares content', () => {
    expect(itemCount(campaignForm.sections)).toBeGreaterThanOrEqual(50);
    expect(sameSections(campaignForm.sections, structuredClone(campaignForm.sections))).toBe(true);
    const changed = structuredClone(campaignForm.sections);
    changed[0].items[0].standard += '。';
    expect(sameSections(campaignForm.sections, changed)).toBe(false);
  });
});
