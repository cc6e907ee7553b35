// 应急预案: a unit's emergency plans by kind (000 task table item 7) and its emergency team (004 item 4)
// in the person's scope — filters above (kept in the address), record and revise in a drawer, void
// with a reason, Excel export. A plan past its revision day (000 item 10) is flagged.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Space, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { emergencyPlanKindLabels, emergencyPlanKinds, rescueForceKindLabels, teamRoleLabels, teamRoles, type EmergencyPlanView, type TeamMemberView } from '../../contracts/emergency-plans.js';
import { recordStatuses, recordStatusLabels } from '../../contracts/ledger.js';
import { EnumFilter } from '../components/EnumFilter.js';
import { ExportButton } from '../components/ExportButton.js';
import { FileList } from '../components/FileList.js';
import { PageHeader } from '../components/PageHeader.js';
import { pick, positiveInt, useSearchState } from '../components/useSearchState.js';
import { daysUntil, todayBeijing } from '../dates.js';
import { CreateButton, LedgerList, recordActionsColumn, useFilterKeys, useLedgerDrawers } from '../ledger/ledgerPage.js';
import { PlaceFilters, RecordStatusTag, VoidRecordModal, schoolColumn, useLedgerViewer } from '../ledger/ledgerParts.js';
import { PLANS_KEY, TEAM_KEY, emergencyPlansApi, type PlanQuery, type TeamQuery } from './emergencyPlansApi.js';
import { PlanFormDrawer } from './PlanFormDrawer.js';
import { TeamMemberDrawer } from './TeamMemberDrawer.js';

function RevisionCell({ p, today }: { p: EmergencyPlanView; today: string }) {
  const left = daysUntil(p.revisionDue, today);
  return (
    <span>
      {p.revisionDue}
      {p.status === 'recorded' && (
        <div>
          {left < 0 ? (
            <Tag color="red" data-testid="plan-overdue">
              已过修订期
            </Tag>
          ) : left <= 30 ? (
            <Tag color="orange">{left} 天后须修订</Tag>
          ) : null}
        </div>
      )}
    </span>
  );
}

function PlansTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<EmergencyPlanView>();
  const today = todayBeijing();
  const query: PlanQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    kind: pick(s.get('kind'), emergencyPlanKinds),
    overdue: pick(s.get('overdue'), ['true', 'false'] as const),
    status: pick(s.get('status'), recordStatuses),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...PLANS_KEY, 'list', query], queryFn: () => emergencyPlansApi.plans(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'kind', 'overdue', 'status']);
  const columns: TableColumnsType<EmergencyPlanView> = [
    ...schoolColumn<EmergencyPlanView>(isSchool),
    { title: '预案类型', dataIndex: 'kind', width: 150, render: (k: EmergencyPlanView['kind']) => emergencyPlanKindLabels[k] },
    { title: '版本', dataIndex: 'edition', width: 100 },
    { title: '批准', key: 'approved', width: 150, render: (_: unknown, p) => `${p.approvedBy} · ${p.approvedOn}` },
    { title: '下次修订', key: 'revision', width: 130, render: (_: unknown, p) => <RevisionCell p={p} today={today} /> },
    {
      title: '联动救援力量',
      dataIndex: 'rescueForces',
      width: 200,
      render: (fs: EmergencyPlanView['rescueForces']) =>
        fs.length === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap>
            {fs.map((f, i) => (
              <Tooltip key={i} title={`${f.contact} ${f.phone}`}>
                <Tag>
                  {rescueForceKindLabels[f.forceKind]}·{f.name}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        ),
    },
    { title: '熟悉人数', key: 'walked', width: 90, align: 'right', render: (_: unknown, p) => <Tooltip title={p.walkedStaff.map((x) => x.name).join('、') || '尚未组织熟悉'}>{p.walkedStaff.length} 人</Tooltip> },
    { title: '演练', dataIndex: 'drillsCount', width: 70, align: 'right', render: (n: number) => `${n} 次` },
    { title: '预案文本', dataIndex: 'files', width: 110, render: (f: EmergencyPlanView['files']) => <FileList files={f} size={32} empty="—" /> },
    { title: '状态', dataIndex: 'status', width: 80, render: (v: EmergencyPlanView['status'], r) => <RecordStatusTag status={v} voidReason={r.voidReason} /> },
    ...recordActionsColumn<EmergencyPlanView>({ canWrite, testId: 'plan', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'flex-end' }}>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="plan-create">
          登记预案
        </CreateButton>
        <ExportButton path="/emergency-plans/export" query={query} testId="plan-export" />
      </Space>
      <LedgerList<EmergencyPlanView>
        testId="plans"
        rowIdAttr="data-plan-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '应急预案', hint: '点击“登记预案”，按类型登记火灾、地震、防汛防台风等专项应急预案及其批准、修订日期' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="plan-filter-school" />
            <EnumFilter placeholder="预案类型" labels={emergencyPlanKindLabels} value={query.kind} onChange={(v) => s.set({ kind: v })} minWidth={150} />
            <EnumFilter placeholder="修订情况" labels={{ true: '已过修订期', false: '在修订期内' }} value={query.overdue} onChange={(v) => s.set({ overdue: v })} minWidth={120} />
            <EnumFilter placeholder="有效记录" labels={recordStatusLabels} value={query.status} onChange={(v) => s.set({ status: v })} minWidth={110} />
          </>
        }
      />
      <PlanFormDrawer open={d.drawerOpen} plan={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<EmergencyPlanView>
        record={d.voiding}
        title="作废应急预案"
        describe={(p) => `${p.schoolName} · ${emergencyPlanKindLabels[p.kind]}应急预案（${p.edition}）。作废后记录保留留痕，该类预案视为未制定。`}
        onVoid={(p, reason) => emergencyPlansApi.voidPlan(p.id, p.version, reason)}
        listKey={PLANS_KEY}
        done="应急预案已作废"
        testId="plan"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

function TeamTab() {
  const { isSchool, canWrite } = useLedgerViewer();
  const s = useSearchState();
  const d = useLedgerDrawers<TeamMemberView>();
  const query: TeamQuery = {
    schoolId: positiveInt(s.get('schoolId')),
    townId: positiveInt(s.get('townId')),
    teamRole: pick(s.get('teamRole'), teamRoles),
    page: s.page,
    pageSize: s.pageSize,
  };
  const list = useQuery({ queryKey: [...TEAM_KEY, 'list', query], queryFn: () => emergencyPlansApi.team(query), placeholderData: keepPreviousData });
  const { filtered, clear } = useFilterKeys(query, ['schoolId', 'townId', 'teamRole']);
  const columns: TableColumnsType<TeamMemberView> = [
    ...schoolColumn<TeamMemberView>(isSchool),
    { title: '姓名', dataIndex: 'staffName', width: 110 },
    { title: '队伍职务', dataIndex: 'teamRole', width: 120, render: (r: TeamMemberView['teamRole']) => teamRoleLabels[r] },
    { title: '职责', dataIndex: 'duty', width: 240, render: (v: string | null) => v || '—' },
    { title: '联系电话', dataIndex: 'phone', width: 140, render: (v: string | null) => v || '—' },
    ...recordActionsColumn<TeamMemberView>({ canWrite, testId: 'team', onEdit: d.setEditing, onVoid: d.setVoiding }),
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12, display: 'flex', justifyContent: 'flex-end' }}>
        <CreateButton shown={canWrite} onClick={() => d.setCreating(true)} testId="team-create">
          加入队伍
        </CreateButton>
        <ExportButton path="/emergency-team/export" query={query} testId="team-export" />
      </Space>
      <LedgerList<TeamMemberView>
        testId="team"
        rowIdAttr="data-member-id"
        list={list}
        columns={columns}
        filtered={filtered}
        onReset={clear}
        canWrite={canWrite}
        empty={{ noun: '应急队伍成员', hint: '点击“加入队伍”，从本校教职工中指定总指挥、疏散引导、抢险救援、医疗救护等成员' }}
        filters={
          <>
            <PlaceFilters townId={query.townId} schoolId={query.schoolId} testId="team-filter-school" />
            <EnumFilter placeholder="队伍职务" labels={teamRoleLabels} value={query.teamRole} onChange={(v) => s.set({ teamRole: v })} minWidth={130} />
          </>
        }
      />
      <TeamMemberDrawer open={d.drawerOpen} member={d.editing} onClose={d.closeDrawer} />
      <VoidRecordModal<TeamMemberView>
        record={d.voiding}
        title="移出应急队伍"
        describe={(m) => `${m.schoolName} · ${m.staffName}（${teamRoleLabels[m.teamRole]}）。移出后记录保留留痕。`}
        onVoid={(m, reason) => emergencyPlansApi.voidMember(m.id, m.version, reason)}
        listKey={TEAM_KEY}
        done="已移出应急队伍"
        testId="team"
        onClose={() => d.setVoiding(null)}
      />
    </>
  );
}

export default function EmergencyPlansPage() {
  const s = useSearchState();
  const tab = s.get('tab') === 'team' ? 'team' : 'plans';
  return (
    <>
      <PageHeader title="应急预案" subTitle="各类专项应急预案按时修订、教职工熟悉，建好应急队伍（000 第4、10项，001 第6条，004 第4项）" />
      <Tabs
        activeKey={tab}
        onChange={(k) => s.set({ tab: k === 'team' ? 'team' : undefined, page: undefined, kind: undefined, overdue: undefined, teamRole: undefined, status: undefined })}
        items={[
          { key: 'plans', label: '应急预案', children: tab === 'plans' ? <PlansTab /> : null },
          { key: 'team', label: '应急队伍', children: tab === 'team' ? <TeamTab /> : null },
        ]}
      />
    </>
  );
}
