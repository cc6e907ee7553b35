import { describe, expect, it } from 'vitest';
import { areaOfRule, findingKey, hazardDescription, sourcesOf } from './compliance-actions.js';
import { DEFAULT_PACK } from './rules/pack.js';

const rule = (code: string) => DEFAULT_PACK.rules.find((r) => r.code === code)!;

describe('a missed finding as a hazard', () => {
  it('each rule of the default pack falls in the seed-002 area that owns it', () => {
    const areas = Object.fromEntries(DEFAULT_PACK.rules.map((r) => [r.code, areaOfRule(r)]));
    expect(areas['drill.monthly']).toBe('education'); // 000 四、强化安全教育 第17条
    expect(areas['drill.night_boarding']).toBe('education');
    expect(areas['training.teacher_yearly']).toBe('education'); // 002 area 5
    expect(areas['meeting.leadership_quarterly']).toBe('management'); // 000 第1条
    expect(areas['letter.unit_signed']).toBe('management');
    expect(areas['insurance.coverage']).toBe('management');
    expect(areas['duty.holiday_leader']).toBe('emergency'); // 002 area 6: 落实值班值守制度
    expect(areas['duty.key_period_24h']).toBe('emergency');
    expect(areas['inspection.key_period_fire']).toBe('fire_chemicals'); // 003
    expect(areas['guards.school_hours']).toBe('guards'); // 002 area 8
    expect(areas['alarms.one_key_working']).toBe('defences'); // 002 area 9
    expect(areas['video.retention']).toBe('defences');
    expect(areas['perimeter.armed_24h']).toBe('closed_campus'); // 002 area 7
    expect(Object.keys(areas)).toHaveLength(DEFAULT_PACK.rules.length);
  });

  it('the description names the rule, the finding, its sources and the note; the key names rule and period', () => {
    const r = rule('drill.quarterly_kindergarten');
    const text = hazardDescription(r, { ruleCode: r.code, explanation: '上季度应急疏散演练 0 次，要求至少 1 次（001 第6条）', periodLabel: '2026年第一季度' }, { note: '  请尽快补做  ', deadline: '2026-06-30' });
    expect(text).toContain(r.description);
    expect(text).toContain('2026年第一季度：上季度应急疏散演练 0 次');
    expect(text).toContain(`依据：${sourcesOf(r)}（规则 drill.quarterly_kindergarten）`);
    expect(sourcesOf(r)).toContain('001 第6条');
    expect(text).toContain('建议整改时限：2026-06-30');
    expect(text).toContain('说明：请尽快补做');
    expect(findingKey('drill.monthly', '2026-04')).toBe('compliance:drill.monthly:2026-04');
    expect(findingKey('video.retention', null)).toBe('compliance:video.retention:current');
  });
});
