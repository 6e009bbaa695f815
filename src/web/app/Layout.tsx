import { useEffect, useRef, type ReactNode } from 'react';
import { Alert, Anchor, AppShell, Badge, Box, Burger, Button, Container, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { OfflineBanner } from './resilience';
import { useTranslation } from 'react-i18next';
import type { TRole } from '../../contract/common';
import { useAuth, useSession } from './auth';
import { LanguageSwitch } from './language';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { ReferralsNavBadge } from '../features/referrals/NavBadge';
import { REFERRAL_ROLES, SERVICE_READ_ROLES, STATS_ROLES } from '../features/referrals/roles';
import { isJusticeUser } from '../features/justice/labels';
import { ACTIVITY_ROLES, ANONYMOUS_NOTIFICATION_ROLES, AUDIT_ROLES, CASE_ROLES, JUSTICE_ROLES, JUSTICE_STATISTICS_ROLES, ORGANISATION_ADMIN_ROLES, PLAN_REPORT_ROLES, PLAN_ROLES, PLAN_VALIDATION_ROLES, QUICK_SCREEN_ROLES, RECOMMENDATION_ROLES, REGISTER_ROLES, RETENTION_ROLES, STATISTICS_ROLES, USER_ADMIN_ROLES } from './roles';

function SkipLink() {
  const { t } = useTranslation();
  return (
    <a href="#main-content" className="skip-link" data-testid="skip-link">
      {t('layout.skipToContent')}
    </a>
  );
}

function AppName() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/" fw={700} fz="lg" c="blue.9" underline="never" data-testid="app-name">
      {t('app.name')}
    </Anchor>
  );
}

/** Moves focus to the main region after each navigation so screen-reader users hear the new page. */
function useFocusMainOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main-content')?.focus({ preventScroll: false });
  }, [location.pathname]);
}

interface TNavItem {
  to: string;
  label: string;
  roles: readonly TRole[];
  testId: string;
  match: (path: string) => boolean;
  badge?: ReactNode;
  /** Further condition beyond the roles (e.g. the organisation's type). */
  when?: boolean;
}

function UserInfo() {
  const session = useSession();
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600} data-testid="user-name">
        {session.user.displayName}
      </Text>
      <Text size="xs" c="dimmed" data-testid="user-organisation">
        {session.user.organisation.name}
      </Text>
    </Stack>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const { signOut, hasRole } = useAuth();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useFocusMainOnNavigate();
  useEffect(() => close(), [location.pathname, close]);

  const items: TNavItem[] = [
    { to: '/', label: t('nav.cases'), roles: CASE_ROLES, testId: 'nav-cases', match: (p) => p === '/' || (p.startsWith('/cases/') && p !== '/cases/new') || p.startsWith('/persons/') },
    { to: '/cases/new', label: t('nav.registerCase'), roles: REGISTER_ROLES, testId: 'nav-register', match: (p) => p === '/cases/new' },
    { to: '/quick-screen', label: t('nav.quickScreen'), roles: QUICK_SCREEN_ROLES, testId: 'nav-quick-screen', match: (p) => p.startsWith('/quick-screen') },
    { to: '/tasks', label: t('nav.tasks'), roles: CASE_ROLES, testId: 'nav-tasks', match: (p) => p.startsWith('/tasks') },
    { to: '/referrals', label: t('nav.referrals'), roles: REFERRAL_ROLES, testId: 'nav-referrals', match: (p) => p.startsWith('/referrals') && !p.startsWith('/referrals/stats'), badge: <ReferralsNavBadge /> },
    { to: '/services', label: t('nav.services'), roles: SERVICE_READ_ROLES, testId: 'nav-services', match: (p) => p.startsWith('/services') },
    { to: '/referrals/stats', label: t('nav.referralStats'), roles: STATS_ROLES, testId: 'nav-referral-stats', match: (p) => p.startsWith('/referrals/stats') },
    {
      to: '/anonymous-notifications',
      label: t('nav.anonymousNotifications'),
      roles: ANONYMOUS_NOTIFICATION_ROLES,
      testId: 'nav-anonymous',
      match: (p) => p.startsWith('/anonymous-notifications'),
    },
    { to: '/justice', label: t('nav.justice'), roles: JUSTICE_ROLES, testId: 'nav-justice', match: (p) => p.startsWith('/justice') && !p.startsWith('/justice/statistics'), when: isJusticeUser(session) },
    { to: '/justice/statistics', label: t('nav.justiceStatistics'), roles: JUSTICE_STATISTICS_ROLES, testId: 'nav-justice-statistics', match: (p) => p.startsWith('/justice/statistics') },
    { to: '/admin/organisations', label: t('nav.organisations'), roles: ORGANISATION_ADMIN_ROLES, testId: 'nav-organisations', match: (p) => p.startsWith('/admin/organisations') },
    { to: '/admin/users', label: t('nav.users'), roles: USER_ADMIN_ROLES, testId: 'nav-users', match: (p) => p.startsWith('/admin/users') },
    { to: '/statistics', label: t('nav.statistics'), roles: STATISTICS_ROLES, testId: 'nav-statistics', match: (p) => p === '/statistics' },
    { to: '/statistics/report', label: t('nav.annualReport'), roles: STATISTICS_ROLES, testId: 'nav-annual-report', match: (p) => p.startsWith('/statistics/report') },
    { to: '/recommendations', label: t('nav.recommendations'), roles: RECOMMENDATION_ROLES, testId: 'nav-recommendations', match: (p) => p.startsWith('/recommendations') },
    { to: '/activities', label: t('nav.activities'), roles: ACTIVITY_ROLES, testId: 'nav-activities', match: (p) => p.startsWith('/activities') },
    { to: '/action-plan', label: t('nav.actionPlan'), roles: PLAN_ROLES, testId: 'nav-action-plan', match: (p) => p === '/action-plan' || p.startsWith('/action-plan/actions') },
    { to: '/action-plan/reports', label: t('nav.planReports'), roles: PLAN_REPORT_ROLES, testId: 'nav-plan-reports', match: (p) => p.startsWith('/action-plan/reports') },
    { to: '/action-plan/validation', label: t('nav.planValidation'), roles: PLAN_VALIDATION_ROLES, testId: 'nav-plan-validation', match: (p) => p.startsWith('/action-plan/validation') },
    { to: '/audit', label: t('nav.audit'), roles: AUDIT_ROLES, testId: 'nav-audit', match: (p) => p.startsWith('/audit') },
    { to: '/admin/retention', label: t('nav.retention'), roles: RETENTION_ROLES, testId: 'nav-retention', match: (p) => p.startsWith('/admin/retention') },
    { to: '/admin/accountability', label: t('nav.accountability'), roles: RETENTION_ROLES, testId: 'nav-accountability', match: (p) => p.startsWith('/admin/accountability') },
  ];
  const visible = items.filter((i) => hasRole(i.roles) && i.when !== false);

  return (
    <>
      <ScrollRestoration />
      <SkipLink />
      <AppShell header={{ height: 64 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? t('layout.closeNav') : t('layout.openNav')}
                aria-expanded={opened}
                aria-controls="main-nav"
              />
              <AppName />
              {session.user.isDemo && (
                <Badge color="#b03e0b" variant="filled" visibleFrom="xs" data-testid="demo-badge">
                  {t('layout.demo')}
                </Badge>
              )}
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Box visibleFrom="md" ta="end">
                <UserInfo />
              </Box>
              {hasRole(CASE_ROLES) && <NotificationBell />}
              <LanguageSwitch />
              <Button variant="default" size="sm" onClick={() => void signOut()} visibleFrom="sm" data-testid="sign-out">
                {t('layout.signOut')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" id="main-nav" aria-label={t('layout.mainNav')}>
          <Box hiddenFrom="md" mb="md" px="xs">
            <UserInfo />
          </Box>
          {visible.map((item) => {
            const active = item.match(location.pathname);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                rightSection={item.badge}
                active={active}
                aria-current={active ? 'page' : undefined}
                data-testid={item.testId}
                variant="filled"
              />
            );
          })}
          <Box hiddenFrom="sm" mt="md" px="xs">
            <Button variant="default" size="sm" fullWidth onClick={() => void signOut()} data-testid="sign-out-mobile">
              {t('layout.signOut')}
            </Button>
          </Box>
        </AppShell.Navbar>

        <AppShell.Main id="main-content" tabIndex={-1}>
          <Container size="xl" px={0}>
            {session.mfaWaivedForDemo && (
              <Alert color="orange" variant="light" mb="md" title={t('layout.mfaWaivedTitle')} data-testid="mfa-waived-notice">
                {t('layout.mfaWaivedBody')}
              </Alert>
            )}
            <OfflineBanner />
            <Outlet />
          </Container>
        </AppShell.Main>
      </AppShell>
    </>
  );
}

/** Layout of the sign-in page: the same header landmarks, no navigation. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <Box component="header" px="md" py="sm" style={{ borderBlockEnd: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap">
          <AppName />
          <LanguageSwitch />
        </Group>
      </Box>
      <Box component="main" id="main-content" tabIndex={-1} py="xl" px="md">
        <OfflineBanner />
        <Container size={460} px={0}>
          {children}
        </Container>
      </Box>
    </>
  );
}
