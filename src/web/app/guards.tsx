import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { TRole } from '../../contract/common';
import { ForbiddenPage } from '../features/misc/ForbiddenPage';
import { Loading } from '../ui/Page';
import { useAuth } from './auth';

/** Only fully signed-in people get past; others go to the sign-in page and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { ready, authenticated, endReason } = useAuth();
  const location = useLocation();
  if (!ready) {
    return (
      <main id="main-content">
        <Loading />
      </main>
    );
  }
  if (!authenticated) {
    const next = endReason === 'signed_out' ? '' : location.pathname + location.search;
    return <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

export function RequireRole({ roles, children }: { roles: readonly TRole[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  return hasRole(roles) ? <>{children}</> : <ForbiddenPage />;
}
