import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { Permission } from '../contracts/enums.js';
import { ApiError } from './api.js';
import { AuthBridge, RequireAuth, RequirePermission } from './auth.js';
import { FeedbackHolder, showError } from './feedback.js';
import { AppLayout } from './layout/AppLayout.js';
import { FullPageSpin } from './components/FullPageSpin.js';
import './format.js';

const LoginPage = lazy(() => import('./pages/LoginPage.js'));
const HomePage = lazy(() => import('./pages/HomePage.js'));
const UnitsPage = lazy(() => import('./units/UnitsPage.js'));
const UsersPage = lazy(() => import('./users/UsersPage.js'));
const RolesPage = lazy(() => import('./users/RolesPage.js'));
const ImportsPage = lazy(() => import('./imports/ImportsPage.js'));
const AuditPage = lazy(() => import('./audit/AuditPage.js'));
const JobsPage = lazy(() => import('./cluster/JobsPage.js'));
const MessagesPage = lazy(() => import('./messages/MessagesPage.js'));
const AccountPage = lazy(() => import('./pages/AccountPage.js'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js'));
const ChecklistsPage = lazy(() => import('./checklists/ChecklistsPage.js'));
const ChecklistEditPage = lazy(() => import('./checklists/ChecklistEditPage.js'));
const InspectionsPage = lazy(() => import('./inspections/InspectionsPage.js'));
const InspectionSchedulesPage = lazy(() => import('./inspection-schedules/InspectionSchedulesPage.js'));
const InspectionDetailPage = lazy(() => import('./inspections/InspectionDetailPage.js'));
const InspectionFillPage = lazy(() => import('./inspections/FillPage.js'));
const HazardsPage = lazy(() => import('./hazards/HazardsPage.js'));
const HazardDetailPage = lazy(() => import('./hazards/HazardDetailPage.js'));
const CampaignsPage = lazy(() => import('./campaigns/CampaignsPage.js'));
const CampaignDetailPage = lazy(() => import('./campaigns/CampaignDetailPage.js'));
const DrillsPage = lazy(() => import('./drills/DrillsPage.js'));
const DutyRostersPage = lazy(() => import('./duty/DutyRostersPage.js'));
const DutyRosterPage = lazy(() => import('./duty/DutyRosterPage.js'));
const StaffPage = lazy(() => import('./staff/StaffPage.js'));
const TrainingsPage = lazy(() => import('./staff/TrainingsPage.js'));
const MeetingsPage = lazy(() => import('./meetings/MeetingsPage.js'));
const InsurancePage = lazy(() => import('./insurance/InsurancePage.js'));
const VideoLinksPage = lazy(() => import('./video-patrol/VideoLinksPage.js'));
const VideoPatrolPage = lazy(() => import('./video-patrol/VideoPatrolPage.js'));
const RisksPage = lazy(() => import('./risks/RisksPage.js'));
const CareRecordsPage = lazy(() => import('./care/CareRecordsPage.js'));
const CareRecordPage = lazy(() => import('./care/CareRecordPage.js'));
const CareScreeningsPage = lazy(() => import('./care/CareScreeningsPage.js'));
const BullyingPage = lazy(() => import('./bullying/BullyingPage.js'));
const FoodPage = lazy(() => import('./food/FoodPage.js'));
const GatePage = lazy(() => import('./gate/GatePage.js'));
const HealthChecksPage = lazy(() => import('./health-checks/HealthChecksPage.js'));
const EducationPage = lazy(() => import('./education/EducationPage.js'));
const EquipmentPage = lazy(() => import('./equipment/EquipmentPage.js'));
const ChemicalsPage = lazy(() => import('./chemicals/ChemicalsPage.js'));
const NetworkSecurityPage = lazy(() => import('./network-security/NetworkSecurityPage.js'));
const BusesPage = lazy(() => import('./buses/BusesPage.js'));
const FireStandardPage = lazy(() => import('./fire-standard/FireStandardPage.js'));
const BudgetPage = lazy(() => import('./budget/BudgetPage.js'));
const BuildingsPage = lazy(() => import('./buildings/BuildingsPage.js'));
const LabelsPage = lazy(() => import('./labels/LabelsPage.js'));
const ScanPage = lazy(() => import('./labels/ScanPage.js'));
const WarningsPage = lazy(() => import('./warnings/WarningsPage.js'));
const WarningDetailPage = lazy(() => import('./warnings/WarningDetailPage.js'));
const SecurityProfilesPage = lazy(() => import('./security-profiles/SecurityProfilesPage.js'));
const IotPage = lazy(() => import('./iot/IotPage.js'));
const LettersPage = lazy(() => import('./letters/LettersPage.js'));
const CompliancePage = lazy(() => import('./compliance/CompliancePage.js'));
const RulesPage = lazy(() => import('./rules/RulesPage.js'));
const CalendarPage = lazy(() => import('./rules/CalendarPage.js'));
const DueCalendarPage = lazy(() => import('./compliance/DueCalendarPage.js'));
const AccountabilityPage = lazy(() => import('./accountability/AccountabilityPage.js'));
const NoticeDetailPage = lazy(() => import('./accountability/NoticeDetailPage.js'));
const AssessmentPage = lazy(() => import('./assessment/AssessmentPage.js'));
const IncidentsPage = lazy(() => import('./incidents/IncidentsPage.js'));
const DisputesPage = lazy(() => import('./disputes/DisputesPage.js'));
const FamilyLettersPage = lazy(() => import('./family-letters/FamilyLettersPage.js'));
const SlipsPrintPage = lazy(() => import('./family-letters/SlipsPrintPage.js'));
const LetterLinkPage = lazy(() => import('./family-letters/LetterLinkPage.js'));
const OpinionPage = lazy(() => import('./opinion/OpinionPage.js'));
const IncidentDetailPage = lazy(() => import('./incidents/IncidentDetailPage.js'));
const DailyReportsPage = lazy(() => import('./incidents/DailyReportsPage.js'));
const EmergencyPlansPage = lazy(() => import('./emergency-plans/EmergencyPlansPage.js'));
const EmergencySuppliesPage = lazy(() => import('./emergency-supplies/EmergencySuppliesPage.js'));
const DrowningPage = lazy(() => import('./drowning/DrowningPage.js'));
const PlansPage = lazy(() => import('./plans/PlansPage.js'));

const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // Lists and details show their own empty states; the reason for a failure goes on top.
    onError: (err, query) => {
      if (query.meta?.silent) return;
      showError(err);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

// A person who asked their system for less motion (prefers-reduced-motion) gets antd without its
// zoom and slide animations; the e2e browser asks for it too, so no click lands mid-animation.
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

const guarded = (permission: Permission | readonly Permission[], page: ReactNode) => <RequirePermission permission={permission}>{page}</RequirePermission>;

export function Root() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#1d5fd6',
          motion: !reducedMotion,
          borderRadius: 4,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
        },
      }}
    >
      <AntdApp>
        <FeedbackHolder />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthBridge />
            <Suspense fallback={<FullPageSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                {/* A guardian's letter link: no account (issue 22). */}
                <Route path="/l/:token" element={<LetterLinkPage />} />
                <Route
                  path="/family-letters/:id/classes/:classId/print"
                  element={
                    <RequireAuth>
                      <SlipsPrintPage />
                    </RequireAuth>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<HomePage />} />
                  <Route path="units" element={guarded('unit.read', <UnitsPage />)} />
                  <Route path="users" element={guarded('user.read', <UsersPage />)} />
                  <Route path="roles" element={guarded('role.read', <RolesPage />)} />
                  <Route path="imports" element={guarded(['import.run', 'ledger.write'], <ImportsPage />)} />
                  <Route path="audit" element={guarded('audit.read', <AuditPage />)} />
                  <Route path="system/jobs" element={guarded('system.jobs.read', <JobsPage />)} />
                  <Route path="system/messages" element={guarded('message.manage', <MessagesPage />)} />
                  <Route path="checklists" element={guarded('checklist.read', <ChecklistsPage />)} />
                  <Route path="checklists/:id/edit" element={guarded('checklist.manage', <ChecklistEditPage />)} />
                  <Route path="inspections" element={guarded('inspection.read', <InspectionsPage />)} />
                  <Route path="inspection-schedules" element={guarded('inspection.read', <InspectionSchedulesPage />)} />
                  <Route path="inspections/:id" element={guarded('inspection.read', <InspectionDetailPage />)} />
                  <Route path="inspections/:id/targets/:targetId/fill" element={guarded('inspection.read', <InspectionFillPage />)} />
                  <Route path="hazards" element={guarded('hazard.read', <HazardsPage />)} />
                  <Route path="hazards/:id" element={guarded('hazard.read', <HazardDetailPage />)} />
                  <Route path="campaigns" element={guarded('campaign.read', <CampaignsPage />)} />
                  <Route path="campaigns/:id" element={guarded('campaign.read', <CampaignDetailPage />)} />
                  <Route path="drills" element={guarded('ledger.read', <DrillsPage />)} />
                  <Route path="duty-rosters" element={guarded('ledger.read', <DutyRostersPage />)} />
                  <Route path="duty-rosters/:id" element={guarded('ledger.read', <DutyRosterPage />)} />
                  <Route path="staff" element={guarded('ledger.read', <StaffPage />)} />
                  <Route path="trainings" element={guarded('ledger.read', <TrainingsPage />)} />
                  <Route path="meetings" element={guarded('ledger.read', <MeetingsPage />)} />
                  <Route path="insurance-policies" element={guarded('ledger.read', <InsurancePage />)} />
                  <Route path="video-patrols" element={guarded('video_link.read', <VideoPatrolPage />)} />
                  <Route path="video-links" element={guarded('video_link.read', <VideoLinksPage />)} />
                  <Route path="food-records" element={guarded('ledger.read', <FoodPage />)} />
                  <Route path="gate-records" element={guarded('ledger.read', <GatePage />)} />
                  <Route path="health-checks" element={guarded('ledger.read', <HealthChecksPage />)} />
                  <Route path="education-records" element={guarded('ledger.read', <EducationPage />)} />
                  <Route path="special-equipment" element={guarded('ledger.read', <EquipmentPage />)} />
                  <Route path="chemicals" element={guarded('ledger.read', <ChemicalsPage />)} />
                  <Route path="network-security" element={guarded('ledger.read', <NetworkSecurityPage />)} />
                  <Route path="school-buses" element={guarded('ledger.read', <BusesPage />)} />
                  <Route path="fire-standard" element={guarded('fire_standard.read', <FireStandardPage />)} />
                  <Route path="budgets" element={guarded('ledger.read', <BudgetPage />)} />
                  <Route path="buildings" element={guarded('ledger.read', <BuildingsPage />)} />
                  <Route path="labels" element={guarded('ledger.read', <LabelsPage />)} />
                  {/* A scanned QR label (issue 17): inside the login, which returns here afterwards. */}
                  <Route path="q/:code" element={guarded('ledger.read', <ScanPage />)} />
                  <Route path="warnings" element={guarded('warning.read', <WarningsPage />)} />
                  <Route path="warnings/:id" element={guarded('warning.read', <WarningDetailPage />)} />
                  <Route path="emergency-plans" element={guarded('ledger.read', <EmergencyPlansPage />)} />
                  <Route path="emergency-supplies" element={guarded('ledger.read', <EmergencySuppliesPage />)} />
                  <Route path="security-profiles" element={guarded('ledger.read', <SecurityProfilesPage />)} />
                  <Route path="iot" element={guarded('iot.read', <IotPage />)} />
                  <Route path="responsibility-letters" element={guarded('ledger.read', <LettersPage />)} />
                  <Route path="compliance" element={guarded('compliance.read', <CompliancePage />)} />
                  <Route path="rules" element={guarded('ledger.read', <RulesPage />)} />
                  <Route path="school-calendars" element={guarded('ledger.read', <CalendarPage />)} />
                  <Route path="due-calendar" element={guarded('compliance.read', <DueCalendarPage />)} />
                  <Route path="accountability" element={guarded('accountability.read', <AccountabilityPage />)} />
                  <Route path="accountability/notices/:id" element={guarded('accountability.read', <NoticeDetailPage />)} />
                  <Route path="risks" element={guarded('risk.read', <RisksPage />)} />
                  <Route path="assessment" element={guarded('assessment.read', <AssessmentPage />)} />
                  <Route path="incidents" element={guarded('incident.read', <IncidentsPage />)} />
                  <Route path="daily-reports" element={guarded('incident.read', <DailyReportsPage />)} />
                  <Route path="incidents/:id" element={guarded('incident.read', <IncidentDetailPage />)} />
                  <Route path="disputes" element={guarded('dispute.read', <DisputesPage />)} />
                  <Route path="family-letters" element={guarded('family_letter.read', <FamilyLettersPage />)} />
                  <Route path="opinion" element={guarded('opinion.read', <OpinionPage />)} />
                  {/* 学生关爱: the circle is per person; the server answers 404 outside it (issue 16). */}
                  <Route path="care/records" element={<CareRecordsPage />} />
                  <Route path="care/records/:id" element={<CareRecordPage />} />
                  <Route path="care/screenings" element={<CareScreeningsPage />} />
                  <Route path="bullying" element={<BullyingPage />} />
                  <Route path="drowning" element={guarded('drowning.read', <DrowningPage />)} />
                  <Route path="plans" element={guarded('plan.read', <PlansPage />)} />
                  <Route path="account" element={<AccountPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
