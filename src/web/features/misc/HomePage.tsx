import { lazy, Suspense } from 'react';
import { Navigate } from 'react-router';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth, useSession } from '../../app/auth';
import { AUDIT_ROLES, CASE_ROLES, ORGANISATION_ADMIN_ROLES, STATISTICS_ROLES, USER_ADMIN_ROLES } from '../../app/roles';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';

const CaseListPage = lazy(() => import('../cases/CaseListPage'));

function Welcome() {
  const { t } = useTranslation();
  const session = useSession();
  useDocumentTitle(t('home.title'));
  return (
    <Stack>
      <PageHeader title={t('home.title')} />
      <Text>{t('home.greeting', { name: session.user.displayName })}</Text>
      <Text>{t('home.noCaseAccess')}</Text>
    </Stack>
  );
}

/** The case list for case roles; administrators and auditors land on their own page. */
export default function HomePage() {
  const { hasRole } = useAuth();
  if (hasRole(CASE_ROLES)) {
    return (
      <Suspense fallback={<Loading />}>
        <CaseListPage />
      </Suspense>
    );
  }
  if (hasRole(USER_ADMIN_ROLES)) return <Navigate to="/admin/users" replace />;
  if (hasRole(ORGANISATION_ADMIN_ROLES)) return <Navigate to="/admin/organisations" replace />;
  if (hasRole(AUDIT_ROLES)) return <Navigate to="/audit" replace />;
  if (hasRole(STATISTICS_ROLES)) return <Navigate to="/statistics" replace />;
  return <Welcome />;
}
