// 人防物防技防 (002 areas 8 and 9): the bureau and a town see the latest profile of each school with
// what falls short of the rules in red (guards per gate and slot, one-key alarms working, video
// days), filter the schools without a profile, export one row per gate; a school sees its own
// profile against the rules, records a new one (prefilled from the latest) and keeps its history.
import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Drawer, Empty, Grid, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { schoolStageLabels, schoolStages } from '../../contracts/enums.js';
import { profileStateLabels, profileStates, type ProfileState, type SchoolProfileView, type SecurityProfileView } from '../../contracts/security-profiles.js';
import { useCan, useMe } from '../auth.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { ImportButton } from '../components/ImportButton.js';
import { PageHeader } from '../components/PageHeader.js';
import { TownFilter } from '../components/TownFilter.js';
import { ResetButton } from '../components/ResetButton.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { UnitTreeSelect } from '../units/tree.js';
import './security-profiles.css';
import { IOT_KEY, iotApi } from '../iot/iotApi.js';
import { SECURITY_KEY, securityApi, type SecurityProfileQuery } from './securityApi.js';
import { SecurityProfileDrawer, type ProfileSchool } from './SecurityProfileDrawer.js';
import { alarmRatio, GateTable, guardTargets, pct, ProfileFacts, ProfileFindings } from './SecurityProfileView.js';

const stateColors: Record<ProfileState, string> = { missing: 'default', short: 'red', ok: 'green' };
const SUBTITLE = '每个门岗在校期间至少 2 名保安员，夜间值守（寄宿制加倍），小学、幼儿园上下学高峰每门再加 2 名；一键式紧急报警 100% 完好，视频图像保存不少于 30 天（002 第8、9项）';

const profileSchoolOf = (row: SchoolProfileView): ProfileSchool => ({ schoolId: row.schoolId, schoolName: row.schoolName, gateCount: row.gateCount, latest: row.profile, findings: row.findings });

function StateTag({ state }: { state: ProfileState }) {
  return (
    <Tag color={stateColors[state]} data-testid="profile-state" data-state={state}>
      {profileStateLabels[state]}
    </Tag>
  );
}

/** Guards at a glance: the fewest at any gate per slot (the night over the school), short in red. */
function GuardsCell({ row }: { row: SchoolProfileView }) {
  const p = row.profile!;
  const { perGate, night } = guardTargets(row.findings);
  const least = (slot: 'school_hours' | 'arrival_peak' | 'dismissal_peak') => Math.min(...p.gates.map((g) => g.guards[slot]));
  const nightTotal = p.gates.reduce((n, g) => n + g.guards.night, 0);
  const part = (label: string, value: number, min: number | undefined) => (
    <span className={min !== undefined && value < min ? 'profile-short' : undefined}>
      {label} {value}
    </span>
  );
  return (
    <Space size={6} wrap>
      <span>{p.gates.length} 个门岗</span>
      {part('在校', least('school_hours'), perGate.school_hours)}
      {part('上学', least('arrival_peak'), perGate.arrival_peak)}
      {part('放学', least('dismissal_peak'), perGate.dismissal_peak)}
      {part('夜间', nightTotal, night)}
    </Space>
  );
}

/**
 * A profile; the latest (`withFindings`) also with what the school's devices prove today (issue 17),
 * for those who may read the devices. An older profile is not compared with today's devices.
 */
function ProfileDetail({ profile, findings, gateCount, withFindings }: { profile: SecurityProfileView; findings: SchoolProfileView['findings']; gateCount: number | null; withFindings?: boolean }) {
  const can = useCan();
  const proof = useQuery({
    queryKey: [...IOT_KEY, 'profile-facts', profile.schoolId],
    queryFn: () => iotApi.profileFacts(profile.schoolId),
    enabled: !!withFindings && can('iot.read'),
    meta: { silent: true },
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {withFindings && <ProfileFindings findings={findings} />}
      <GateTable gates={profile.gates} findings={findings} gateCount={gateCount} />
      <ProfileFacts profile={profile} findings={findings} proof={withFindings ? proof.data : undefined} />
    </Space>
  );
}

/** Every profile the school recorded, newest first: the first one counts. */
function HistoryTable({ row }: { row: SchoolProfileView }) {
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: [...SECURITY_KEY, 'history', row.schoolId, page],
    queryFn: () => securityApi.history(row.schoolId, page, 10),
    placeholderData: keepPreviousData,
  });
  const currentId = row.profile?.id;
  const columns: TableColumnsType<SecurityProfileView> = [
    {
      title: '登记日期',
      dataIndex: 'recordedOn',
      width: 140,
      render: (v: string, p) => (
        <Space size={4}>
          {v}
          {p.id === currentId && <Tag color="blue">现行</Tag>}
        </Space>
      ),
    },
    { title: '门岗', key: 'gates', width: 80, render: (_, p) => `${p.gates.length} 个` },
    { title: '在校期间保安', key: 'day', width: 110, render: (_, p) => `${p.gates.reduce((n, g) => n + g.guards.school_hours, 0)} 人` },
    { title: '夜间保安', key: 'night', width: 90, render: (_, p) => `${p.gates.reduce((n, g) => n + g.guards.night, 0)} 人` },
    { title: '一键报警完好', key: 'alarms', width: 130, render: (_, p) => (p.alarms.installed ? `${p.alarms.working}/${p.alarms.installed}（${pct(alarmRatio(p))}）` : '未安装') },
    { title: '视频保存', key: 'video', width: 90, render: (_, p) => `${p.video.retentionDays} 天` },
    { title: '登记人', dataIndex: 'createdByName', width: 90 },
    { title: '备注', dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Table<SecurityProfileView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={history.data?.items}
      loading={history.isFetching}
      scroll={{ x: 'max-content' }}
      data-testid="profile-history"
      onRow={(p) => ({ 'data-testid': 'history-row', 'data-profile-id': p.id }) as HTMLAttributes<HTMLElement>}
      expandable={{ expandedRowRender: (p) => <ProfileDetail profile={p} findings={row.findings} gateCount={row.gateCount} /> }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无登记记录" /> }}
      pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 次登记` }}
    />
  );
}

/** A school's own page: its latest profile against the rules, record a new one, its history. */
function SchoolProfile({ schoolId }: { schoolId: number }) {
  const can = useCan();
  const canWrite = can('ledger.write');
  const [recording, setRecording] = useState<ProfileSchool | null>(null);
  const q = { schoolId };
  const data = useQuery({ queryKey: [...SECURITY_KEY, 'list', q], queryFn: () => securityApi.schools(q) });
  const row = data.data?.items[0];
  return (
    <>
      <PageHeader
        title="人防物防技防"
        subTitle={SUBTITLE}
        extra={
          canWrite &&
          row && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(profileSchoolOf(row))} data-testid="profile-create">
              {row.profile ? '登记新情况' : '登记'}
            </Button>
          )
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card
          size="small"
          loading={data.isLoading}
          title={
            <Space>
              {row?.profile ? `最新登记（${row.profile.recordedOn}）` : '最新登记'}
              {row && <StateTag state={row.state} />}
            </Space>
          }
          data-testid="school-profile"
        >
          {row?.profile ? (
            <ProfileDetail profile={row.profile} findings={row.findings} gateCount={row.gateCount} withFindings />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={data.isError ? '加载失败，请稍后重试' : canWrite ? '尚未登记。点击“登记”填写各门岗各时段保安人数、一键式紧急报警装置、视频监控和周界报警情况' : '尚未登记'}
            />
          )}
        </Card>
        {row && row.recordCount > 0 && (
          <Card size="small" title="登记历史" extra={<Typography.Text type="secondary">登记后不能修改；更正或变化请重新登记，以最新一份为准</Typography.Text>}>
            <HistoryTable row={row} />
          </Card>
        )}
      </Space>
      <SecurityProfileDrawer school={recording} onClose={() => setRecording(null)} />
    </>
  );
}

/** The bureau's, a department's or a town's view: every school's latest profile with its shortfalls. */
function SchoolsOverview() {
  const can = useCan();
  const s = useSearchState();
  const screens = Grid.useBreakpoint();
  const canWrite = can('ledger.write');
  const [recording, setRecording] = useState<ProfileSchool | null>(null);
  const [history, setHistory] = useState<SchoolProfileView | null>(null);
  const query: SecurityProfileQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    stage: pick(s.get('stage'), schoolStages),
    state: pick(s.get('state'), profileStates),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...SECURITY_KEY, 'list', query], queryFn: () => securityApi.schools(query), placeholderData: keepPreviousData });
  const filters = ['schoolId', 'townId', 'stage', 'state'] as const;
  const filtered = filters.some((k) => query[k] !== undefined);
  const summary = list.data?.summary;

  const columns: TableColumnsType<SchoolProfileView> = [
    {
      title: '学校',
      dataIndex: 'schoolName',
      width: 200,
      fixed: 'left',
      render: (v: string, r) => (
        <span title={v}>
          {v}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {[r.townName, r.stage ? schoolStageLabels[r.stage] : null, r.boarding ? '寄宿制' : null].filter(Boolean).join(' · ')}
          </div>
        </span>
      ),
    },
    { title: '状态', dataIndex: 'state', width: 100, render: (v: ProfileState) => <StateTag state={v} /> },
    { title: '登记日期', key: 'recordedOn', width: 110, render: (_, r) => r.profile?.recordedOn ?? '—' },
    { title: '保安（每门最少 / 夜间合计）', key: 'guards', width: 330, render: (_, r) => (r.profile ? <GuardsCell row={r} /> : '—') },
    {
      title: '一键报警完好',
      key: 'alarms',
      width: 120,
      render: (_, r) => {
        if (!r.profile) return '—';
        const ratio = alarmRatio(r.profile);
        const bad = r.findings.some((f) => f.ruleCode === 'alarms.one_key_working' && f.status === 'missed');
        return <span className={bad ? 'profile-short' : undefined}>{r.profile.alarms.installed ? `${pct(ratio)}（${r.profile.alarms.working}/${r.profile.alarms.installed}）` : '未安装'}</span>;
      },
    },
    {
      title: '视频保存',
      key: 'video',
      width: 90,
      render: (_, r) => {
        if (!r.profile) return '—';
        const bad = r.findings.some((f) => f.ruleCode === 'video.retention' && f.status === 'missed');
        return <span className={bad ? 'profile-short' : undefined}>{r.profile.video.retentionDays} 天</span>;
      },
    },
    {
      title: '未达标项',
      key: 'missed',
      width: 260,
      render: (_, r) => {
        const missed = r.findings.filter((f) => f.status === 'missed');
        if (!r.profile) return <Typography.Text type="secondary">尚未登记，以下规则均未达标</Typography.Text>;
        if (!missed.length) return <Typography.Text type="success">无</Typography.Text>;
        return (
          <Space size={[4, 4]} wrap>
            {missed.map((f) => (
              <Tooltip key={f.ruleCode} title={f.explanation}>
                <Tag color="red" data-testid="missed-rule" data-rule={f.ruleCode}>
                  {f.subject}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: canWrite ? 130 : 80,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          {r.recordCount > 0 && (
            <Button size="small" type="link" icon={<HistoryOutlined />} onClick={() => setHistory(r)} data-testid="profile-history-open">
              历史
            </Button>
          )}
          {canWrite && (
            <Button size="small" type="link" onClick={() => setRecording(profileSchoolOf(r))} data-testid="profile-record">
              登记
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="人防物防技防" subTitle={SUBTITLE} extra={
          <Space wrap>
            <ExportButton path="/security-profiles/export" query={query} testId="profile-export" />
            <ImportButton kind="security" testId="profile-import" />
          </Space>
        } />
      <Card size="small">
        <div className="filter-bar">
          <TownFilter value={query.townId} onChange={(v) => s.set({ townId: v })} />
          <UnitTreeSelect allowClear placeholder="学校" style={{ width: 220 }} value={query.schoolId} onChange={(v) => s.set({ schoolId: v })} selectable={(u) => u.kind === 'school'} />
          <EnumFilter placeholder="学段" labels={schoolStageLabels} value={query.stage} onChange={(v) => s.set({ stage: v })} minWidth={120} />
          <EnumFilter placeholder="登记状态" labels={profileStateLabels} value={query.state} onChange={(v) => s.set({ state: v })} minWidth={130} />
          <ResetButton shown={filtered} onClick={() => s.set(Object.fromEntries(filters.map((k) => [k, undefined])))} />
        </div>
        {summary && (
          <Space size={8} wrap style={{ marginBottom: 12 }} data-testid="profile-summary">
            {profileStates.map((st) => (
              <Tag.CheckableTag key={st} checked={query.state === st} onChange={(on) => s.set({ state: on ? st : undefined })} data-testid={`profile-summary-${st}`}>
                {profileStateLabels[st]} {summary[st]} 所
              </Tag.CheckableTag>
            ))}
          </Space>
        )}
        {summary && summary.missing > 0 && !query.state && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`${summary.missing} 所学校尚未登记人防物防技防情况，相关规则按未达标计算。`} />
        )}
        <div data-testid="profile-table">
          <Table<SchoolProfileView>
            rowKey="schoolId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ 'data-testid': 'profile-row', 'data-school': r.schoolName, 'data-state': r.state }) as HTMLAttributes<HTMLElement>}
            expandable={{
              rowExpandable: (r) => !!r.profile,
              expandedRowRender: (r) => r.profile && <ProfileDetail profile={r.profile} findings={r.findings} gateCount={r.gateCount} withFindings />,
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={list.isError ? '加载失败，请稍后重试' : filtered ? '没有符合条件的学校，请调整筛选条件' : '范围内暂无学校'}
                />
              ),
            }}
            pagination={s.pagination(list.data?.total, '所学校')}
          />
        </div>
      </Card>
      <SecurityProfileDrawer school={recording} onClose={() => setRecording(null)} />
      <Drawer open={!!history} onClose={() => setHistory(null)} title={history ? `${history.schoolName} · 登记历史` : '登记历史'} size={screens.md ? 900 : '100%'}>
        {history && (
          <>
            <Typography.Paragraph type="secondary">登记后不能修改；更正或变化时学校重新登记，以登记日期最新的一份为准。展开可查看各门岗各时段人数。</Typography.Paragraph>
            <HistoryTable row={history} />
          </>
        )}
      </Drawer>
    </>
  );
}

export default function SecurityProfilesPage() {
  const me = useMe();
  return me.unit.kind === 'school' ? <SchoolProfile schoolId={me.unit.id} /> : <SchoolsOverview />;
}
