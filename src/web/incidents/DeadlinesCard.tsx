// 规则配置 → 事件报告时限: the incidents' section of the district's rule pack (issue 13) — the first
// report, written report and follow-up deadline of each level, each with the seed it rests on and
// what the number is (the seeds say only "第一时间"); the bureau changes one level into the next
// version of the pack, with a reason (audited; someone else's change first → 409, reloaded).
import { EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, InputNumber, Popover, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { incidentLevelLabels, type DeadlinesView } from '../../contracts/incidents.js';
import { http } from '../api.js';
import { useCan } from '../auth.js';
import { numberRule } from '../forms.js';
import { PackChangeModal } from '../rules/PackChangeModal.js';
import { RULES_KEY } from '../rules/rulesApi.js';
import { INCIDENTS_KEY, incidentsApi } from './incidentsApi.js';

type Level = DeadlinesView['levels'][number];
type Source = Level['sources'][number];

interface EditValues {
  firstReportMinutes: number;
  writtenReportHours: number;
  followUpHours: number;
  reason: string;
}

const DEADLINES_KEY = [...INCIDENTS_KEY, 'deadlines'] as const;
const FIELDS = ['firstReportMinutes', 'writtenReportHours', 'followUpHours'] as const;

export function SourceTags({ sources }: { sources: Source[] }) {
  return (
    <Space orientation="vertical" size={2}>
      {sources.map((x, i) => (
        <Popover key={i} content={<div style={{ maxWidth: 360 }}>“{x.quote}”</div>} title={`${x.seed} ${x.item}`}>
          <Tag color="blue" style={{ cursor: 'help' }}>
            {x.seed} {x.item}
          </Tag>
        </Popover>
      ))}
    </Space>
  );
}

function EditDeadlineModal({ view, level, onClose }: { view: DeadlinesView; level: Level | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  return (
    <PackChangeModal<EditValues, DeadlinesView>
      open={!!level}
      title="修改事件报告时限"
      intro={level && `${incidentLevelLabels[level.level]}事件，此后新报告的事件按新时限计时。`}
      packVersion={view.packVersion}
      initialValues={level ? { firstReportMinutes: level.firstReportMinutes, writtenReportHours: level.writtenReportHours, followUpHours: level.followUpHours } : { firstReportMinutes: 0, writtenReportHours: 0, followUpHours: 0 }}
      fields={FIELDS}
      unchanged={(v) => FIELDS.every((f) => v[f] === level![f])}
      save={(v) => {
        const change: { level: Level['level']; firstReportMinutes?: number; writtenReportHours?: number; followUpHours?: number } = { level: level!.level };
        for (const f of FIELDS) if (v[f] !== level![f]) change[f] = v[f];
        return http.patch<DeadlinesView>('/incidents/deadlines', { version: view.packVersion, changes: [change], reason: v.reason });
      }}
      onSaved={(next) => {
        queryClient.setQueryData(DEADLINES_KEY, next);
        void queryClient.invalidateQueries({ queryKey: RULES_KEY });
        void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY });
        return `已生成规则包第 ${next.packVersion} 版，新报告时限即时生效`;
      }}
      staleKeys={[DEADLINES_KEY, RULES_KEY]}
      reasonPlaceholder="如：区应急办要求一般事件 1 小时内首报"
      reasonTestId="deadline-reason"
      onClose={onClose}
    >
      <Form.Item name="firstReportMinutes" label="首报时限" extra="从单位知悉事件起计" rules={[{ required: true, message: '请填写首报时限' }, numberRule(1, 24 * 60, { integer: true, unit: ' 分钟' })]}>
        <InputNumber precision={0} suffix="分钟" style={{ width: 200 }} data-testid="deadline-first" />
      </Form.Item>
      <Form.Item name="writtenReportHours" label="书面报告时限" rules={[{ required: true, message: '请填写书面报告时限' }, numberRule(1, 24 * 7, { integer: true, unit: ' 小时' })]}>
        <InputNumber precision={0} suffix="小时" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="followUpHours" label="续报间隔" rules={[{ required: true, message: '请填写续报间隔' }, numberRule(1, 24 * 7, { integer: true, unit: ' 小时' })]}>
        <InputNumber precision={0} suffix="小时" style={{ width: 200 }} />
      </Form.Item>
    </PackChangeModal>
  );
}

/** The deadlines in force with their sources; 修改 for whoever keeps the rule pack. */
export function DeadlinesCard({ inForce }: { inForce: boolean }) {
  const can = useCan();
  const q = useQuery({ queryKey: DEADLINES_KEY, queryFn: incidentsApi.deadlines, enabled: can('incident.read') });
  const [editing, setEditing] = useState<Level | null>(null);
  if (!can('incident.read')) return null;
  const canEdit = can('rules.manage') && inForce;
  const d = q.data;
  const columns: TableColumnsType<Level> = [
    { title: '事件等级', dataIndex: 'level', width: 100, render: (v: Level['level']) => incidentLevelLabels[v] },
    { title: '首报', dataIndex: 'firstReportMinutes', width: 100, render: (v: number) => `${v} 分钟内` },
    { title: '书面报告', dataIndex: 'writtenReportHours', width: 100, render: (v: number) => `${v} 小时内` },
    { title: '续报', dataIndex: 'followUpHours', width: 100, render: (v: number) => `每 ${v} 小时` },
    { title: '依据', dataIndex: 'sources', width: 150, render: (s: Source[]) => <SourceTags sources={s} /> },
    { title: '说明', dataIndex: 'note', render: (v?: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: Level) => (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="deadline-edit">
                修改
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={`事件报告时限（规则包第 ${d?.packVersion ?? '…'} 版现行）`} data-testid="incident-deadlines">
      <Table<Level>
        rowKey="level"
        size="middle"
        columns={columns}
        dataSource={d?.levels}
        loading={q.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'deadline-row', 'data-level': r.level }) as HTMLAttributes<HTMLElement>}
      />
      {d && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          重点时段零报告：次日 {d.dailyReport.dueNextMorningHour} 时前未报即标记。{d.dailyReport.note}
        </Typography.Paragraph>
      )}
      {d && <EditDeadlineModal view={d} level={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
