// One security profile shown against the rules (002 areas 8 and 9): the gates × time slots with the
// cells short of the rule in red, the one-key alarms working, video days, the perimeter alarm, and
// the findings judged on it. The targets come from the findings, i.e. from the district's rule pack.
import { Alert, Descriptions, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { IotProfileFacts } from '../../contracts/iot.js';
import type { ProfileFinding, SecurityProfileView } from '../../contracts/security-profiles.js';
import { alarmProofText, profileDifferences, videoProofText } from '../../domain/iot.js';
import { guardSlotLabels, guardSlots, type GuardSlot } from '../../contracts/rules.js';
import { FileList } from '../components/FileList.js';
import { FindingTag } from '../ledger/tags.js';

type Gate = SecurityProfileView['gates'][number];

const target = (findings: ProfileFinding[], code: string) => findings.find((f) => f.ruleCode === code)?.target ?? undefined;

/** Per gate: the least guards each slot needs; the night is counted over the whole school. */
export function guardTargets(findings: ProfileFinding[]) {
  const peak = target(findings, 'guards.peak_primary_kindergarten');
  const perGate: Partial<Record<GuardSlot, number>> = { school_hours: target(findings, 'guards.school_hours'), arrival_peak: peak, dismissal_peak: peak };
  const night = target(findings, 'guards.night_boarding') ?? target(findings, 'guards.night_day_school');
  return { perGate, night };
}

const short = (value: number | undefined | null, min: number | undefined) => min !== undefined && value !== undefined && value !== null && value < min;

function Count({ value, min, testId, title }: { value: number; min: number | undefined; testId?: string; title?: string }) {
  const bad = short(value, min);
  return (
    <Tooltip title={bad ? title : undefined}>
      <span className={bad ? 'profile-short' : undefined} data-testid={testId} data-short={bad ? 'true' : 'false'}>
        {value} 人
      </span>
    </Tooltip>
  );
}

export function GateTable({ gates, findings, gateCount }: { gates: Gate[]; findings: ProfileFinding[]; gateCount?: number | null }) {
  const { perGate, night } = guardTargets(findings);
  const nightTotal = gates.reduce((n, g) => n + g.guards.night, 0);
  const columns: TableColumnsType<Gate> = [
    { title: '校门', dataIndex: 'name', width: 120 },
    ...guardSlots.map((slot) => ({
      title: (
        <span>
          {guardSlotLabels[slot]}
          {slot !== 'night' && perGate[slot] !== undefined && <div className="profile-target">每门至少 {perGate[slot]} 人</div>}
          {slot === 'night' && night !== undefined && <div className="profile-target">全校至少 {night} 人</div>}
        </span>
      ),
      key: slot,
      width: 120,
      align: 'right' as const,
      render: (_: unknown, g: Gate) =>
        slot === 'night' ? (
          `${g.guards.night} 人`
        ) : (
          <Count value={g.guards[slot]} min={perGate[slot]} testId={`gate-${slot}`} title={`要求每个门岗至少 ${perGate[slot]} 名保安员（002 第8项）`} />
        ),
    })),
  ];
  const missingGates = gateCount && gateCount > gates.length ? gateCount - gates.length : 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Table<Gate>
        rowKey="name"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={gates}
        data-testid="gate-table"
        onRow={(g) => ({ 'data-testid': 'gate-row', 'data-gate': g.name }) as React.HTMLAttributes<HTMLElement>}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
            {guardSlots.map((slot, i) => (
              <Table.Summary.Cell key={slot} index={i + 1} align="right">
                {slot === 'night' ? (
                  <Count value={nightTotal} min={night} testId="gate-night-total" title={`夜间要求至少 ${night} 名保安员值勤（002 第8项）`} />
                ) : (
                  `${gates.reduce((n, g) => n + g.guards[slot], 0)} 人`
                )}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )}
      />
      {missingGates > 0 && (
        <Alert type="warning" showIcon title={`学校登记有 ${gateCount} 个校门，本次只登记了 ${gates.length} 个：未登记的 ${missingGates} 个校门按无人值守计算。`} />
      )}
    </Space>
  );
}

export const alarmRatio = (p: SecurityProfileView) => (p.alarms.installed > 0 ? Math.min(p.alarms.working, p.alarms.installed) / p.alarms.installed : 0);
export const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

/** What the school's devices prove beside the typed fact (issue 17), and where the two differ. */
function DeviceProof({ text, differs, testId }: { text: string; differs: string | null; testId: string }) {
  return (
    <div className="profile-proof" data-testid={testId} data-differs={differs ? 'true' : 'false'}>
      <Typography.Text type="secondary">{text}</Typography.Text>
      {differs && (
        <div>
          <Typography.Text type="warning">{differs}</Typography.Text>
        </div>
      )}
    </div>
  );
}

/** The technical defences with what falls short in red; `proof`, the school's devices' facts, beside the typed ones. */
export function ProfileFacts({ profile: p, findings, proof }: { profile: SecurityProfileView; findings: ProfileFinding[]; proof?: IotProfileFacts }) {
  const alarmMin = target(findings, 'alarms.one_key_working');
  const videoMin = target(findings, 'video.retention');
  const ratio = alarmRatio(p);
  const alarmBad = p.alarms.installed === 0 || short(ratio, alarmMin);
  const videoBad = short(p.video.retentionDays, videoMin);
  const differs = proof ? profileDifferences(p, proof) : null;
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
      <Descriptions.Item label="登记日期">{p.recordedOn}</Descriptions.Item>
      <Descriptions.Item label="一键式紧急报警装置">
        <span className={alarmBad ? 'profile-short' : undefined} data-testid="profile-alarms" data-short={alarmBad ? 'true' : 'false'}>
          {p.alarms.installed === 0 ? '未安装' : `${p.alarms.installed} 台，完好 ${p.alarms.working} 台（${pct(ratio)}）`}
        </span>
        {p.alarms.lastTestedOn && <div className="profile-target">最近测试 {p.alarms.lastTestedOn}</div>}
        {proof?.alarms && <DeviceProof text={alarmProofText(proof.alarms)} differs={differs!.alarms} testId="profile-alarms-proof" />}
      </Descriptions.Item>
      <Descriptions.Item label="视频图像保存">
        <span className={videoBad ? 'profile-short' : undefined} data-testid="profile-video" data-short={videoBad ? 'true' : 'false'}>
          {p.video.retentionDays} 天
        </span>
        {videoMin !== undefined && <span className="profile-target">（要求不少于 {videoMin} 天）</span>}
        {proof?.video && <DeviceProof text={videoProofText(proof.video)} differs={differs!.video} testId="profile-video-proof" />}
      </Descriptions.Item>
      <Descriptions.Item label="视频接入教育局">{p.video.linkedToBureau ? <Tag color="green">已接入</Tag> : <Tag color="red">未接入</Tag>}</Descriptions.Item>
      <Descriptions.Item label="周界入侵报警">
        {!p.perimeterAlarm.installed ? <Tag color="red">未安装</Tag> : p.perimeterAlarm.armed24h ? <Tag color="green">24小时设防</Tag> : <Tag color="red">未24小时设防</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label="登记人">{p.createdByName}</Descriptions.Item>
      {p.note && (
        <Descriptions.Item label="备注" span={3}>
          {p.note}
        </Descriptions.Item>
      )}
      {p.files.length > 0 && (
        <Descriptions.Item label="附件" span={3}>
          <FileList files={p.files} size={40} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The rules judged on the profile, the missed first. */
export function ProfileFindings({ findings }: { findings: ProfileFinding[] }) {
  const sorted = [...findings].sort((a, b) => Number(b.status === 'missed') - Number(a.status === 'missed'));
  return (
    <div data-testid="profile-findings">
      {sorted.map((f) => (
        <div key={f.ruleCode} className="profile-finding" data-testid="profile-finding" data-rule={f.ruleCode} data-status={f.status}>
          <FindingTag status={f.status} /> <Typography.Text strong>{f.subject}</Typography.Text>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {f.explanation}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
