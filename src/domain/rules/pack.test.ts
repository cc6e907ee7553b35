import { describe, expect, it } from 'vitest';
import { evaluate } from './engine.js';
import { DEFAULT_PACK, appliesTo, applyThresholdChanges, sourceText } from './pack.js';

describe('the default rule pack', () => {
  it('has unique codes, a Chinese description and a seed source with its item for every rule', () => {
    const codes = DEFAULT_PACK.rules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of DEFAULT_PACK.rules) {
      expect(r.description).toMatch(/[\u4e00-\u9fff]/);
      expect(r.sources.length).toBeGreaterThan(0);
      for (const s of r.sources) {
        expect(s.item).toMatch(/^(第\d+[条项]|任务分解表第\d+项|第[一二三四五六七八九十]+部分之[一二三四五六七八九十]+)$/);
        expect(s.quote.length).toBeGreaterThan(4);
      }
    }
    expect(DEFAULT_PACK).toMatchObject({ version: 1, basedOn: null });
  });
  it('carries the seeds\' numbers', () => {
    const min = (code: string) => DEFAULT_PACK.rules.find((r) => r.code === code)?.threshold.min;
    expect(min('drill.monthly')).toBe(1); // 001 第6条, 000 第17条
    expect(min('drill.quarterly_kindergarten')).toBe(1);
    expect(min('drill.night_boarding')).toBe(2); // 001 第6条
    expect(min('drill.school_bus')).toBe(1);
    expect(min('training.new_principal')).toBe(40); // 001 第7条
    expect(min('training.safety_head_yearly')).toBe(20);
    expect(min('training.teacher_yearly')).toBe(10);
    expect(min('letter.unit_signed')).toBe(1); // 000 第1条: 签约率 100%
    expect(min('inspection.key_period_fire')).toBe(2); // 003
    expect(min('guards.school_hours')).toBe(2); // 002 第8项
    expect(min('guards.night_day_school')).toBe(1);
    expect(min('guards.night_boarding')).toBe(2);
    expect(min('guards.peak_primary_kindergarten')).toBe(4);
    expect(min('alarms.one_key_working')).toBe(1); // 002 第9项
    expect(min('video.retention')).toBe(30);
    expect(min('video_patrol.monthly')).toBe(1); // 001 第4条
    expect(min('video_patrol.canteen')).toBe(2); // 000 第7条, 001 第17条
    expect(sourceText(DEFAULT_PACK.rules[0])).toBe('001 第6条、000 第17条');
  });
  it('applies to units by their attributes', () => {
    const a = { unitKinds: ['school' as const], stagesOut: ['off_campus' as const], schoolBus: true };
    expect(appliesTo(a, { id: 1, kind: 'school', stage: 'junior', schoolBus: true })).toBe(true);
    expect(appliesTo(a, { id: 1, kind: 'school', stage: 'junior', schoolBus: false })).toBe(false);
    expect(appliesTo(a, { id: 1, kind: 'school', stage: 'off_campus', schoolBus: true })).toBe(false);
    expect(appliesTo(a, { id: 1, kind: 'town' })).toBe(false);
    expect(appliesTo({ stagesIn: ['kindergarten'] }, { id: 1, kind: 'school', stage: null })).toBe(false);
  });
});

describe('a bureau changes thresholds (a new pack version)', () => {
  it('makes version 2 from version 1 and leaves version 1 as it was', () => {
    const r = applyThresholdChanges(DEFAULT_PACK, [{ code: 'drill.quarterly_kindergarten', min: 2, dueSoonDays: 21 }, { code: 'perimeter.armed_24h', enabled: false }]);
    if (!r.ok) throw new Error('expected ok');
    expect(r.pack).toMatchObject({ version: 2, basedOn: 1, changes: [{ code: 'drill.quarterly_kindergarten', min: 2, dueSoonDays: 21 }, { code: 'perimeter.armed_24h', enabled: false }] });
    const kgRule = r.pack.rules.find((x) => x.code === 'drill.quarterly_kindergarten')!;
    expect(kgRule.threshold).toEqual({ min: 2, unit: 'count' });
    expect(kgRule.dueSoonDays).toBe(21);
    expect(DEFAULT_PACK.rules.find((x) => x.code === 'drill.quarterly_kindergarten')!.threshold.min).toBe(1);
    // The new threshold is what the engine applies.
    const kg = { id: 1, kind: 'school' as const, stage: 'kindergarten' as const };
    const drills = [{ id: 1, unitId: 1, date: '2024-04-10', kind: 'fire' as const }];
    const [f] = evaluate({ rules: [kgRule], units: [kg], records: { drills }, asOf: '2024-06-20' });
    expect(f).toMatchObject({ status: 'due_soon', value: 1, target: 2 });
  });
  it('refuses unknown rules, negative or too large thresholds, fractions of a count, and empty changes, naming the field', () => {
    const r = applyThresholdChanges(DEFAULT_PACK, [
      { code: 'drill.weekly', min: 1 },
      { code: 'drill.monthly', min: -1 },
      { code: 'alarms.one_key_working', min: 1.5 },
      { code: 'guards.school_hours', min: 2.5 },
      { code: 'video.retention' },
      { code: 'insurance.coverage', dueSoonDays: -3 },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { field: 'changes.0.code', message: '规则“drill.weekly”不存在' },
      { field: 'changes.1.min', message: '规则“中小学每月至少开展1次应急疏散演练”的阈值不能为负数' },
      { field: 'changes.2.min', message: '规则“100%安装一键式紧急报警装置并处于良好运行状态”的阈值不能超过 1' },
      { field: 'changes.3.min', message: '规则“学生在校期间每个门岗至少2名保安员在岗”的阈值须为整数' },
      { field: 'changes.4', message: '规则“视频监控图像保存时间不少于30日”没有要修改的内容' },
      { field: 'changes.5.dueSoonDays', message: '规则“办理校方责任保险，应保尽保，不脱保漏保”的提前提醒天数须为 0 到 366 的整数' },
    ]);
  });
});
