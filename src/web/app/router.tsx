import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Loading } from '../ui/Page';
import { lazyPage, RouteError } from './resilience';
import { REFERRAL_ROLES, SERVICE_READ_ROLES, STATS_ROLES } from '../features/referrals/roles';
import { RequireAuth, RequireRole } from './guards';
import { AppLayout, PublicLayout } from './Layout';
import { ANONYMOUS_NOTIFICATION_ROLES, AUDIT_ROLES, CASE_ROLES, JUSTICE_ROLES, JUSTICE_STATISTICS_ROLES, ORGANISATION_ADMIN_ROLES, PLAN_REPORT_ROLES, PLAN_ROLES, PLAN_VALIDATION_ROLES, QUICK_SCREEN_ROLES, REGISTER_ROLES, RETENTION_ROLES, SCREENING_ROLES, STATISTICS_ROLES, USER_ADMIN_ROLES } from './roles';

const LoginPage = lazyPage(() => import('../features/auth/LoginPage'));
const HomePage = lazyPage(() => import('../features/misc/HomePage'));
const CaseRegisterPage = lazyPage(() => import('../features/cases/CaseRegisterPage'));
const CasePage = lazyPage(() => import('../features/cases/CasePage'));
const ScreeningPage = lazyPage(() => import('../features/screening/ScreeningPage'));
const QuickScreenPage = lazyPage(() => import('../features/screening/QuickScreenPage'));
const TasksPage = lazyPage(() => import('../features/tasks/TasksPage'));
const NotificationsPage = lazyPage(() => import('../features/notifications/NotificationsPage'));
const AnonymousNotificationsPage = lazyPage(() => import('../features/anonymous/AnonymousNotificationsPage'));
const PersonPage = lazyPage(() => import('../features/persons/PersonPage'));
const OrganisationsPage = lazyPage(() => import('../features/admin/OrganisationsPage'));
const UsersPage = lazyPage(() => import('../features/admin/UsersPage'));
const AuditPage = lazyPage(() => import('../features/audit/AuditPage'));
const RetentionPage = lazyPage(() => import('../features/retention/RetentionPage'));
const AccountabilityPage = lazyPage(() => import('../features/accountability/AccountabilityPage'));
const ServicesPage = lazyPage(() => import('../features/referrals/ServicesPage'));
const ReferralsInboxPage = lazyPage(() => import('../features/referrals/ReferralsInboxPage'));
const ReferralPage = lazyPage(() => import('../features/referrals/ReferralPage'));
const ReferralStatsPage = lazyPage(() => import('../features/referrals/StatsPage'));
const ProceedingsPage = lazyPage(() => import('../features/justice/ProceedingsPage'));
const ProceedingCreatePage = lazyPage(() => import('../features/justice/ProceedingCreatePage'));
const ProceedingPage = lazyPage(() => import('../features/justice/ProceedingPage'));
const JusticeStatisticsPage = lazyPage(() => import('../features/justice/StatisticsPage'));
const StatisticsPage = lazyPage(() => import('../features/statistics/StatisticsPage'));
const ReportPage = lazyPage(() => import('../features/statistics/ReportPage'));
const RecommendationsPage = lazyPage(() => import('../features/actionplan/RecommendationsPage'));
const ActivitiesPage = lazyPage(() => import('../features/activities/ActivitiesPage'));
const PlanPage = lazyPage(() => import('../features/actionplan/PlanPage'));
const PlanActionPage = lazyPage(() => import('../features/actionplan/ActionPage'));
const PlanReportsPage = lazyPage(() => import('../features/actionplan/ReportsPage'));
const PlanValidationPage = lazyPage(() => import('../features/actionplan/ValidationPage'));
const NotFoundPage = lazyPage(() => import('../features/misc/NotFoundPage'));

function page(node: ReactNode) {
  return <Suspense fallback={<Loading />}>{node}</Suspense>;
}

export const router = createBrowserRouter([
  {
    path: '/login',
    element: <PublicLayout>{page(<LoginPage />)}</PublicLayout>,
    errorElement: <PublicLayout><RouteError /></PublicLayout>,
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    // A page that fails (its code cannot be fetched, or it throws) shows its error inside the layout: the
    // navigation stays usable.
    children: [{ errorElement: <RouteError />, children: [
      { index: true, element: page(<HomePage />) },
      { path: 'cases', element: <Navigate to="/" replace /> },
      { path: 'cases/new', element: <RequireRole roles={REGISTER_ROLES}>{page(<CaseRegisterPage />)}</RequireRole> },
      { path: 'cases/:caseId', element: <RequireRole roles={CASE_ROLES}>{page(<CasePage />)}</RequireRole> },
      { path: 'cases/:caseId/screening', element: <RequireRole roles={SCREENING_ROLES}>{page(<ScreeningPage />)}</RequireRole> },
      { path: 'quick-screen', element: <RequireRole roles={QUICK_SCREEN_ROLES}>{page(<QuickScreenPage />)}</RequireRole> },
      { path: 'tasks', element: <RequireRole roles={CASE_ROLES}>{page(<TasksPage />)}</RequireRole> },
      { path: 'notifications', element: <RequireRole roles={CASE_ROLES}>{page(<NotificationsPage />)}</RequireRole> },
      { path: 'anonymous-notifications', element: <RequireRole roles={ANONYMOUS_NOTIFICATION_ROLES}>{page(<AnonymousNotificationsPage />)}</RequireRole> },
      { path: 'persons/:personId', element: <RequireRole roles={CASE_ROLES}>{page(<PersonPage />)}</RequireRole> },
      { path: 'services', element: <RequireRole roles={SERVICE_READ_ROLES}>{page(<ServicesPage />)}</RequireRole> },
      { path: 'referrals', element: <RequireRole roles={REFERRAL_ROLES}>{page(<ReferralsInboxPage />)}</RequireRole> },
      { path: 'referrals/stats', element: <RequireRole roles={STATS_ROLES}>{page(<ReferralStatsPage />)}</RequireRole> },
      { path: 'referrals/:referralId', element: <RequireRole roles={REFERRAL_ROLES}>{page(<ReferralPage />)}</RequireRole> },
      { path: 'justice', element: <RequireRole roles={JUSTICE_ROLES}>{page(<ProceedingsPage />)}</RequireRole> },
      { path: 'justice/new', element: <RequireRole roles={JUSTICE_ROLES}>{page(<ProceedingCreatePage />)}</RequireRole> },
      { path: 'justice/statistics', element: <RequireRole roles={JUSTICE_STATISTICS_ROLES}>{page(<JusticeStatisticsPage />)}</RequireRole> },
      { path: 'justice/:proceedingId', element: <RequireRole roles={JUSTICE_ROLES}>{page(<ProceedingPage />)}</RequireRole> },
      { path: 'admin', element: <Navigate to="/admin/users" replace /> },
      { path: 'admin/organisations', element: <RequireRole roles={ORGANISATION_ADMIN_ROLES}>{page(<OrganisationsPage />)}</RequireRole> },
      { path: 'admin/users', element: <RequireRole roles={USER_ADMIN_ROLES}>{page(<UsersPage />)}</RequireRole> },
      { path: 'admin/accountability', element: <RequireRole roles={RETENTION_ROLES}>{page(<AccountabilityPage />)}</RequireRole> },
      { path: 'admin/retention', element: <RequireRole roles={RETENTION_ROLES}>{page(<RetentionPage />)}</RequireRole> },
      { path: 'audit', element: <RequireRole roles={AUDIT_ROLES}>{page(<AuditPage />)}</RequireRole> },
      { path: 'statistics', element: <RequireRole roles={STATISTICS_ROLES}>{page(<StatisticsPage />)}</RequireRole> },
      { path: 'statistics/report', element: <RequireRole roles={STATISTICS_ROLES}>{page(<ReportPage />)}</RequireRole> },
      { path: 'recommendations', element: page(<RecommendationsPage />) },
      { path: 'activities', element: page(<ActivitiesPage />) },
      { path: 'action-plan', element: <RequireRole roles={PLAN_ROLES}>{page(<PlanPage />)}</RequireRole> },
      { path: 'action-plan/actions/:actionId', element: <RequireRole roles={PLAN_ROLES}>{page(<PlanActionPage />)}</RequireRole> },
      { path: 'action-plan/reports', element: <RequireRole roles={PLAN_REPORT_ROLES}>{page(<PlanReportsPage />)}</RequireRole> },
      { path: 'action-plan/validation', element: <RequireRole roles={PLAN_VALIDATION_ROLES}>{page(<PlanValidationPage />)}</RequireRole> },
      { path: '*', element: page(<NotFoundPage />) },
    ] }],
  },
]);
