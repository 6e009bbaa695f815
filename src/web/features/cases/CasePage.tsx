import { useState } from 'react';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useReference } from '../../app/reference';
import { IdentificationBadge, StageBadge, StatusBadge } from '../../ui/Badges';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import NotFoundPage from '../misc/NotFoundPage';
import { CarePlanSection } from '../careplans/CarePlanSection';
import { ConferencesSection } from '../careplans/ConferencesSection';
import { IdentificationSection } from '../identification/IdentificationSection';
import { RiskSection } from '../identification/RiskSection';
import { PersonOverview } from '../persons/PersonOverview';
import { ReferralCaseSections } from '../referrals/CaseSections';
import { ScreeningsSection } from '../screening/ScreeningsSection';
import { DeadlinesSection } from '../tasks/DeadlinesSection';
import { CaseJusticeSection } from '../justice/CaseJusticeSection';
import { useCase } from './api';
import { AttachmentsSection } from './AttachmentsSection';
import { CaseEditForm } from './CaseEditForm';
import { HistorySection } from './HistorySection';
import { CaseNav } from './CaseNav';
import { InformationSheetSection } from './InformationSheetSection';
import { SubjectRequestsSection } from '../subjectrights/SubjectRequestsSection';
import { PersonLinksSection } from '../matching/PersonLinksSection';
import { StoryDetailsView } from './StoryDetails';
import type { TCaseDetail } from './types';

function Narrative({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  if (value === undefined) return <Text size="sm">{t('cases.view.hiddenForRole')}</Text>;
  if (!value) return <Text size="sm">{t('common.noneRecorded')}</Text>;
  return <Text style={{ whiteSpace: 'pre-wrap' }}>{value}</Text>;
}

function CaseView({ c }: { c: TCaseDetail }) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  return (
    <Stack gap="lg">
      <Section
        id="person"
        title={t('cases.view.person')}
        testId="case-person"
        actions={
          <Anchor component={Link} to={`/persons/${c.person.id}`} data-testid="person-link">
            {t('cases.view.openPerson')}
          </Anchor>
        }
      >
        <PersonOverview person={c.person} />
      </Section>

      <Section id="situation" title={t('cases.view.situation')} testId="case-situation">
        <DataList
          items={[
            { label: t('fields.situationType'), value: ref.label('situationTypes', c.situationType), testId: 'case-situation-type-value' },
            { label: t('fields.exploitationForms'), value: c.exploitationForms ? fmt.list(c.exploitationForms.map((f) => ref.label('exploitationForms', f))) : t('common.notShared') },
            { label: t('fields.exploitationStartedOn'), value: fmt.date(c.exploitationStartedOn) },
            { label: t('fields.exploitationEndedOn'), value: fmt.date(c.exploitationEndedOn) },
          ]}
        />
      </Section>

      <Section id="places" title={t('cases.places.title')} testId="case-places">
        {!c.places ? (
          <Text size="sm">{t('common.notShared')}</Text>
        ) : c.places.length === 0 ? (
          <Text size="sm">{t('common.noneRecorded')}</Text>
        ) : (
          <ul>
            {c.places.map((p, i) => (
              <li key={i}>
                <Text span fw={600}>
                  {ref.label('placeKinds', p.kind)}
                </Text>
                {t('history.colon')}
                {[ref.country(p.country), ref.region(p.regionCode), ref.province(p.provinceCode)].filter(Boolean).join(' — ')}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="journey" title={t('cases.journey.sectionTitle')} testId="case-journey">
        <StoryDetailsView journey={c.journey} debt={c.debt} recruitment={c.recruitment} />
      </Section>

      <Section id="identification" title={t('cases.view.identification')} testId="case-identification">
        <DataList
          items={[
            { label: t('fields.identifiedOn'), value: fmt.date(c.identifiedOn), testId: 'case-identified-on-value' },
            { label: t('fields.identificationChannel'), value: ref.label('identificationChannels', c.identificationChannel) },
            { label: t('fields.identifyingOrganisationId'), value: c.identifyingOrganisation?.name ?? '' },
            { label: t('cases.fields.managingOrganisation'), value: c.managingOrganisation.name },
            { label: t('fields.assignedUserId'), value: c.assignedUser?.name ?? t('cases.list.unassigned'), testId: 'case-assigned-value' },
            { label: t('cases.view.registeredOn'), value: fmt.instant(c.createdAt) },
            { label: t('cases.view.updatedOn'), value: fmt.instant(c.updatedAt) },
          ]}
        />
      </Section>

      <Section id="narrative" title={t('cases.view.narrative')} testId="case-narrative">
        <Stack gap="md">
          <div>
            <Text fw={600} size="sm" component="h3" mb={4}>
              {t('fields.story')}
            </Text>
            <Narrative value={c.story} />
          </div>
          <div>
            <Text fw={600} size="sm" component="h3" mb={4}>
              {t('fields.notes')}
            </Text>
            <Narrative value={c.notes} />
          </div>
        </Stack>
      </Section>
    </Stack>
  );
}

export default function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const query = useCase(caseId);
  const [editing, setEditing] = useState(false);
  const c = query.data;
  useDocumentTitle(c ? t('cases.view.documentTitle', { reference: c.reference }) : t('cases.view.loadingTitle'));

  if (query.isPending) return <Loading />;
  if (query.error) {
    if (isApiError(query.error) && query.error.code === 'NOT_FOUND') return <NotFoundPage />;
    return (
      <Stack>
        <PageHeader title={t('cases.view.loadingTitle')} />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  if (!c) return null;

  return (
    <Stack gap="lg">
      <PageHeader
        title={
          <>
            <span className="visually-hidden">{t('cases.view.caseLabel')} </span>
            <span className="ltr-value" data-testid="case-reference">
              {c.reference}
            </span>
          </>
        }
        actions={
          c.abilities.update && (
            <>
              <Button component={Link} to={`/cases/${c.id}/screening`} variant="outline" data-testid="screening-start">
                {t('screening.start')}
              </Button>
              <Button component={Link} to={`/quick-screen?caseId=${c.id}`} variant="subtle" data-testid="quick-screen-link">
                {t('quickScreen.link')}
              </Button>
              {!editing && (
                <Button onClick={() => setEditing(true)} data-testid="case-edit-button">
                  {t('cases.edit.open')}
                </Button>
              )}
            </>
          )
        }
      >
        <Group gap="xs">
          <StatusBadge status={c.status} />
          {/* "Presumed victim" once: the stage says what the identification badge already says. */}
          {!(c.stage === 'presumed_victim' && c.identificationStatus === 'presumed') && <StageBadge stage={c.stage} />}
          <IdentificationBadge status={c.identificationStatus} />
        </Group>
        {c.access === 'grant' && (
          <Alert color="blue" variant="light" data-testid="access-grant">
            {t('cases.view.grantAccess', { organisation: isolate(c.managingOrganisation.name) })}
          </Alert>
        )}
      </PageHeader>
      <CaseNav ready />
      {editing && <CaseEditForm key={c.id} caseDetail={c} onDone={() => setEditing(false)} />}
      <CaseView c={c} />
      <PersonLinksSection caseDetail={c} />
      <IdentificationSection caseDetail={c} />
      <ScreeningsSection caseDetail={c} />
      <RiskSection caseDetail={c} />
      <ReferralCaseSections caseDetail={c} />
      <CarePlanSection caseDetail={c} />
      <ConferencesSection caseDetail={c} />
      <DeadlinesSection caseDetail={c} />
      <CaseJusticeSection caseDetail={c} />
      {/* The rights sheet and the history are the managing organisation's (a shared case shows neither). */}
      {c.access === 'manager' && <InformationSheetSection caseDetail={c} />}
      <AttachmentsSection caseDetail={c} />
      <SubjectRequestsSection caseDetail={c} />
      {c.access === 'manager' && <HistorySection caseId={c.id} />}
    </Stack>
  );
}
