/**
 * Prevention and partnership activities: one page, a tab per register (awareness campaigns, trainings,
 * partnership agreements, international cooperation requests). Each person sees the tabs their role opens;
 * the server decides what is in them.
 */
import { useState } from 'react';
import { Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { ACTIVITY_PROGRAMME_ROLES, AGREEMENT_RECORD_ROLES, COOPERATION_ROLES } from '../../app/roles';
import { PageHeader, useDocumentTitle } from '../../ui/Page';
import { AgreementsTab } from './AgreementsTab';
import { CampaignsTab } from './CampaignsTab';
import { CooperationTab } from './CooperationTab';
import { TrainingsTab } from './TrainingsTab';

export default function ActivitiesPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  useDocumentTitle(t('activities.title'));
  const programmes = hasRole(ACTIVITY_PROGRAMME_ROLES);
  const cooperation = hasRole(COOPERATION_ROLES);
  const tabs = [
    ...(programmes ? ['campaigns', 'trainings', 'agreements'] : []),
    ...(cooperation ? ['cooperation'] : []),
  ];
  const [tab, setTab] = useState<string>(tabs[0] ?? 'campaigns');
  return (
    <Stack>
      <PageHeader title={t('activities.title')} testId="activities-title"><Text>{t('activities.intro')}</Text></PageHeader>
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
        <Tabs.List>
          {tabs.map((x) => <Tabs.Tab key={x} value={x} data-testid={`activities-tab-${x}`}>{t(`activities.tabs.${x}`)}</Tabs.Tab>)}
        </Tabs.List>
        {programmes && (
          <>
            <Tabs.Panel value="campaigns" pt="md"><CampaignsTab canCreate={programmes} /></Tabs.Panel>
            <Tabs.Panel value="trainings" pt="md"><TrainingsTab canCreate={programmes} /></Tabs.Panel>
            <Tabs.Panel value="agreements" pt="md"><AgreementsTab canCreate={hasRole(AGREEMENT_RECORD_ROLES)} /></Tabs.Panel>
          </>
        )}
        {cooperation && <Tabs.Panel value="cooperation" pt="md"><CooperationTab canCreate={cooperation} /></Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}
