import { useCareMenu } from '../care/useCareMenu.js';
import { useCareGroupWithBullying } from '../bullying/useBullyingMenu.js';
import {
  ApartmentOutlined,
  CarryOutOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  BankOutlined,
  QrcodeOutlined,
  AlertOutlined,
  FileSearchOutlined,
  WarningOutlined,
  ProfileOutlined,
  FlagOutlined,
  BookOutlined,
  FireOutlined,
  DashboardOutlined,
  ControlOutlined,
  SlidersOutlined,
  CalendarOutlined,
  IdcardOutlined,
  ReadOutlined,
  CommentOutlined,
  MailOutlined,
  InsuranceOutlined,
  RadarChartOutlined,
  CoffeeOutlined,
  LoginOutlined,
  MedicineBoxOutlined,
  ToolOutlined,
  ExperimentOutlined,
  GlobalOutlined,
  CarOutlined,
  ScheduleOutlined,
  SecurityScanOutlined,
  FileProtectOutlined,
  ClockCircleOutlined,
  MenuOutlined,
  NotificationOutlined,
  TrophyOutlined,
  ThunderboltOutlined,
  FieldTimeOutlined,
  InboxOutlined,
  SoundOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Grid, Layout, Menu, Space, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { roleLabels, unitKindLabels, type Permission } from '../../contracts/enums.js';
import { api, setCsrfToken } from '../api.js';
import { clearSnapshots } from '../offline/store.js';
import { listOutbox } from '../offline/outbox.js';
import { OutboxButton } from '../offline/OutboxButton.js';
import { useMe } from '../auth.js';
import { PageSpin } from '../components/FullPageSpin.js';
import { NotificationBell } from './NotificationBell.js';

const { Header, Sider, Content } = Layout;

interface Entry {
  key: string;
  label: string;
  icon: ReactNode;
  /** Shown to those holding it (or one of several). */
  permission?: Permission | Permission[];
  /** Only for a school's own people (安全日历: others open a school's from its card). */
  schoolOnly?: boolean;
}

// 隐患排查治理: 检查任务 /inspections, 隐患台账 /hazards, 专项整治 /campaigns, 检查表模板 /checklists (UX.md).
const hazardEntries: Entry[] = [
  { key: '/inspections', label: '检查任务', icon: <FileSearchOutlined />, permission: 'inspection.read' },
  { key: '/hazards', label: '隐患台账', icon: <WarningOutlined />, permission: 'hazard.read' },
  { key: '/campaigns', label: '专项整治', icon: <FlagOutlined />, permission: 'campaign.read' },
  { key: '/checklists', label: '检查表模板', icon: <ProfileOutlined />, permission: 'checklist.read' },
  { key: '/risks', label: '风险清单', icon: <RadarChartOutlined />, permission: 'risk.read' },
  { key: '/fire-standard', label: '消防标准化', icon: <SafetyCertificateOutlined />, permission: 'fire_standard.read' },
  { key: '/video-patrols', label: '视频巡查', icon: <FileSearchOutlined />, permission: ['video_link.read', 'inspection.read'] },
  { key: '/video-links', label: '视频监控点位', icon: <FileSearchOutlined />, permission: 'video_link.read' },
  { key: '/inspection-schedules', label: '定期检查', icon: <FileSearchOutlined />, permission: 'inspection.read' },
];

// 安全台账, in UX.md's order: 应急演练 /drills, 教职工岗位 /staff, 安全培训 /trainings, 安全会议 /meetings … 校车, 网络安全, 晨午检, 安全教育活动.
const ledgerEntries: Entry[] = [
  { key: '/drills', label: '应急演练', icon: <FireOutlined />, permission: 'ledger.read' },
  { key: '/staff', label: '教职工岗位', icon: <IdcardOutlined />, permission: 'ledger.read' },
  { key: '/trainings', label: '安全培训', icon: <ReadOutlined />, permission: 'ledger.read' },
  { key: '/meetings', label: '安全会议', icon: <CommentOutlined />, permission: 'ledger.read' },
  { key: '/responsibility-letters', label: '安全责任书', icon: <FileProtectOutlined />, permission: 'ledger.read' },
  { key: '/duty-rosters', label: '值班带班', icon: <ClockCircleOutlined />, permission: 'ledger.read' },
  { key: '/security-profiles', label: '人防物防技防', icon: <SecurityScanOutlined />, permission: 'ledger.read' },
  // 技防 fed by the devices (issue 17), beside the profile it proves.
  { key: '/iot', label: '物联网监测', icon: <WifiOutlined />, permission: 'iot.read' },
  { key: '/insurance-policies', label: '校方责任险', icon: <InsuranceOutlined />, permission: 'ledger.read' },
  { key: '/food-records', label: '食品安全', icon: <CoffeeOutlined />, permission: 'ledger.read' },
  { key: '/gate-records', label: '门卫来访', icon: <LoginOutlined />, permission: 'ledger.read' },
  { key: '/special-equipment', label: '特种设备', icon: <ToolOutlined />, permission: 'ledger.read' },
  { key: '/chemicals', label: '危险化学品', icon: <ExperimentOutlined />, permission: 'ledger.read' },
  { key: '/school-buses', label: '校车', icon: <CarOutlined />, permission: 'ledger.read' },
  { key: '/network-security', label: '网络安全', icon: <GlobalOutlined />, permission: 'ledger.read' },
  { key: '/health-checks', label: '晨午检', icon: <MedicineBoxOutlined />, permission: 'ledger.read' },
  { key: '/education-records', label: '安全教育活动', icon: <ReadOutlined />, permission: 'ledger.read' },
  { key: '/due-calendar', label: '安全日历', icon: <ScheduleOutlined />, permission: 'compliance.read', schoolOnly: true },
  { key: '/buildings', label: '校舍与施工', icon: <BankOutlined />, permission: 'ledger.read' },
  { key: '/labels', label: '二维码标签', icon: <QrcodeOutlined />, permission: 'ledger.read' },
];

// 应急管理: 突发事件 /incidents, 零报告 /daily-reports (UX.md), then 矛盾纠纷与信访 and 舆情处置 (issue 22).
const emergencyEntries: Entry[] = [
  { key: '/incidents', label: '突发事件', icon: <AlertOutlined />, permission: 'incident.read' },
  { key: '/daily-reports', label: '零报告', icon: <ScheduleOutlined />, permission: 'incident.read' },
  { key: '/disputes', label: '矛盾纠纷与信访', icon: <CommentOutlined />, permission: 'dispute.read' },
  { key: '/family-letters', label: '告家长书', icon: <MailOutlined />, permission: 'family_letter.read' },
  { key: '/opinion', label: '舆情处置', icon: <SoundOutlined />, permission: 'opinion.read' },
  { key: '/warnings', label: '预警提示', icon: <NotificationOutlined />, permission: 'warning.read' },
  { key: '/emergency-plans', label: '应急预案', icon: <ProfileOutlined />, permission: 'ledger.read' },
  { key: '/emergency-supplies', label: '应急物资', icon: <InboxOutlined />, permission: 'ledger.read' },
  { key: '/drowning', label: '防溺水', icon: <SafetyCertificateOutlined />, permission: 'drowning.read' },
];

// 监管考核, in UX.md's order: 合规看板, 工作计划, 年度考核, 通报约谈问责.
const oversightEntries: Entry[] = [
  { key: '/compliance', label: '合规看板', icon: <DashboardOutlined />, permission: 'compliance.read' },
  { key: '/plans', label: '工作计划', icon: <CarryOutOutlined />, permission: 'plan.read' },
  { key: '/assessment', label: '年度考核', icon: <TrophyOutlined />, permission: 'assessment.read' },
  { key: '/accountability', label: '通报约谈问责', icon: <NotificationOutlined />, permission: 'accountability.read' },
  { key: '/budgets', label: '安全经费', icon: <CarryOutOutlined />, permission: 'ledger.read' },
];

const systemEntries: Entry[] = [
  { key: '/units', label: '组织机构', icon: <ApartmentOutlined />, permission: 'unit.read' },
  { key: '/users', label: '人员账号', icon: <TeamOutlined />, permission: 'user.read' },
  { key: '/roles', label: '角色权限', icon: <SafetyCertificateOutlined />, permission: 'role.read' },
  // Units and people (import.run), the school ledgers (ledger.write).
  { key: '/imports', label: '数据导入', icon: <CloudUploadOutlined />, permission: ['import.run', 'ledger.write'] },
  { key: '/rules', label: '规则配置', icon: <SlidersOutlined />, permission: 'rules.manage' },
  { key: '/school-calendars', label: '校历', icon: <CalendarOutlined />, permission: 'rules.manage' },
  { key: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: '/system/jobs', label: '定时任务', icon: <FieldTimeOutlined />, permission: 'system.jobs.read' },
  { key: '/system/messages', label: '消息推送', icon: <NotificationOutlined />, permission: 'message.manage' },
];

export function AppLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  // useBreakpoint is empty on the first render: only a known narrow screen counts as a phone.
  const phone = Grid.useBreakpoint().sm === false;
  const [loggingOut, setLoggingOut] = useState(false);

  const mustChange = me.user.mustChangePassword;
  const care = useCareGroupWithBullying(useCareMenu(!mustChange), !mustChange);
  const items = useMemo<MenuProps['items']>(() => {
    // Until the password is changed, only 我的账号 works: show nothing else.
    if (mustChange) return [{ key: '/account', icon: <UserOutlined />, label: '我的账号' }];
    const allowed = systemEntries.filter((e) => !e.permission || [e.permission].flat().some((p) => me.permissions.includes(p)));
    const list: NonNullable<MenuProps['items']> = [{ key: '/', icon: <HomeOutlined />, label: '工作台' }];
    const hazardLoop = hazardEntries.filter((e) => !e.permission || [e.permission].flat().some((p) => me.permissions.includes(p)));
    if (hazardLoop.length) {
      list.push({
        key: 'hazard-loop',
        icon: <AlertOutlined />,
        label: '隐患排查治理',
        children: hazardLoop.map((e) => ({ key: e.key, icon: e.icon, label: e.label })),
      });
    }
    const emergency = emergencyEntries.filter((e) => !e.permission || [e.permission].flat().some((p) => me.permissions.includes(p)));
    if (emergency.length) {
      list.push({ key: 'emergency', icon: <ThunderboltOutlined />, label: '应急管理', children: emergency.map((e) => ({ key: e.key, icon: e.icon, label: e.label })) });
    }
    const ledgers = ledgerEntries.filter((e) => (!e.schoolOnly || me.unit.kind === 'school') && (!e.permission || [e.permission].flat().some((p) => me.permissions.includes(p))));
    if (ledgers.length) {
      list.push({ key: 'ledgers', icon: <BookOutlined />, label: '安全台账', children: ledgers.map((e) => ({ key: e.key, icon: e.icon, label: e.label })) });
    }
    if (care) list.push(care);
    // A school sees its own card on the home page; the board is for those who oversee schools. The
    // notices naming a school, its interviews and its award check are its own to see.
    const oversight = oversightEntries.filter((e) => (e.key !== '/compliance' || me.unit.kind !== 'school') && (!e.permission || [e.permission].flat().some((p) => me.permissions.includes(p))));
    if (oversight.length) {
      list.push({ key: 'oversight', icon: <ControlOutlined />, label: '监管考核', children: oversight.map((e) => ({ key: e.key, icon: e.icon, label: e.label })) });
    }
    if (allowed.length) {
      list.push({
        key: 'system',
        icon: <SettingOutlined />,
        label: '系统管理',
        children: allowed.map((e) => ({ key: e.key, icon: e.icon, label: e.label })),
      });
    }
    list.push({ key: '/account', icon: <UserOutlined />, label: '我的账号' });
    return list;
  }, [me.permissions, me.unit.kind, mustChange, care]);

  const selected = '/' + (location.pathname.split('/')[1] ?? '');

  /**
   * Work still waiting in the outbox stays on the phone, bound to this account: it is sent when the
   * same person signs in again, never under someone else's session (issue 17). Said before leaving.
   */
  async function confirmLogout() {
    const waiting = (await listOutbox(me.user.id).catch(() => [])).length;
    if (!waiting) return logout();
    modal.confirm({
      title: '确认退出登录？',
      content: `还有 ${waiting} 项待同步，退出后这些记录将保留在本机，下次以同一账号登录后继续同步。`,
      okText: '退出',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'logout-confirm' } as never,
      onOk: logout,
    });
  }

  async function logout() {
    setLoggingOut(true);
    try {
      await api.logout();
    } catch {
      // The session may already be gone; leaving is what matters.
    }
    setCsrfToken(null);
    queryClient.clear();
    await clearSnapshots().catch(() => undefined);
    message.success('已安全退出');
    navigate('/login', { replace: true });
  }

  const roles = me.roles.map((r) => roleLabels[r]).join('、');

  const logo = (small: boolean) => (
    <div className="app-logo" onClick={() => navigate('/')} role="link" tabIndex={0}>
      <SafetyCertificateOutlined className="app-logo-icon" />
      {!small && (
        <span className="app-logo-text">
          安校<small>校园安全管理平台</small>
        </span>
      )}
    </div>
  );
  const menu = (picked?: () => void) => (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={['hazard-loop', 'emergency', 'ledgers', 'care', 'oversight', 'system']}
      onClick={({ key }) => {
        navigate(key);
        picked?.();
      }}
    />
  );

  return (
    <Layout className="app-layout">
      {phone ? (
        // On a phone the menu lies over the page and closes once a page is chosen (issue 17: the
        // sider opened inline, squeezed the page to 170 px and stayed open).
        <Drawer
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          placement="left"
          size={248}
          closable={false}
          className="app-menu-drawer"
          styles={{ body: { padding: 0, background: '#001529' } }}
          data-testid="menu-drawer"
        >
          {logo(false)}
          {menu(() => setMenuOpen(false))}
        </Drawer>
      ) : (
        <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" collapsedWidth={80} width={216} theme="dark" className="app-sider">
          {logo(collapsed)}
          {menu()}
        </Sider>
      )}
      <Layout>
        <Header className="app-header">
          {phone && <Button type="text" icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setMenuOpen(true)} className="app-menu-toggle" data-testid="menu-toggle" />}
          <div className="app-header-title">{me.unitPath[0]?.name ?? '安校'} · 校园安全管理平台</div>
          <Space size="middle" className="app-header-user">
            <OutboxButton />
            {!mustChange && <NotificationBell />}
            <Tooltip title={`${unitKindLabels[me.unit.kind]}${roles ? ` · ${roles}` : ''}`}>
              <Space size={6} className="app-header-unit">
                <BankOutlined />
                <span data-testid="header-unit">{me.unit.name}</span>
              </Space>
            </Tooltip>
            <Space size={6} className="app-header-name" onClick={() => navigate('/account')}>
              <UserOutlined />
              <Typography.Text strong data-testid="header-user">
                {me.user.displayName}
              </Typography.Text>
            </Space>
            <Button type="text" icon={<LogoutOutlined />} loading={loggingOut} onClick={() => void confirmLogout()} data-testid="logout">
              退出
            </Button>
          </Space>
        </Header>
        <Content className="app-content">
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
