/** The services directory page (/services): search by need, region, language; list and map; own services. */
import { useState } from 'react';
import { Button, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SERVICE_TYPES } from '../../../contract/referrals';
import { useAuth } from '../../app/auth';
import { PageHeader, useDocumentTitle } from '../../ui/Page';
import type { TService } from './api';
import { SERVICE_EDIT_ROLES } from './roles';
import { EMPTY_FILTERS, ServiceDirectory, type TServiceFilters } from './ServiceDirectory';
import { ServiceFormDialog } from './ServiceForm';

function filtersFrom(params: URLSearchParams): TServiceFilters {
  const type = params.get('type') ?? '';
  const audience = params.get('audience');
  return {
    type: (SERVICE_TYPES as readonly string[]).includes(type) ? type : '',
    regionCode: /^MA-\d{2}$/.test(params.get('region') ?? '') ? params.get('region')! : '',
    language: /^[a-z]{2}$/.test(params.get('language') ?? '') ? params.get('language')! : '',
    audience: audience === 'adults' || audience === 'children' ? audience : '',
    available: params.get('available') === 'true',
    q: params.get('q') ?? '',
  };
}

export default function ServicesPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<TServiceFilters>(() => ({ ...EMPTY_FILTERS, ...filtersFrom(params) }));
  const [editing, setEditing] = useState<TService | 'new' | null>(null);
  const canManage = hasRole(SERVICE_EDIT_ROLES);
  useDocumentTitle(t('referrals.services.title'));

  const update = (f: TServiceFilters) => {
    setFilters(f);
    const q = new URLSearchParams();
    if (f.type) q.set('type', f.type);
    if (f.regionCode) q.set('region', f.regionCode);
    if (f.language) q.set('language', f.language);
    if (f.audience) q.set('audience', f.audience);
    if (f.available) q.set('available', 'true');
    if (f.q) q.set('q', f.q);
    setParams(q, { replace: true });
  };

  return (
    <Stack>
      <PageHeader
        title={t('referrals.services.title')}
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="service-create">
              {t('referrals.services.create')}
            </Button>
          )
        }
      >
        <Text>{t('referrals.services.intro')}</Text>
      </PageHeader>
      <ServiceDirectory filters={filters} onFiltersChange={update} withMap onEdit={canManage ? setEditing : undefined} />
      {editing && <ServiceFormDialog service={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
