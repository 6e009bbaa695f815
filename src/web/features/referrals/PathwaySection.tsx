/** The pathway of a case: every registration, decision, consent, referral, service and transfer, in time order. */
import { Anchor, Stack, Text, Timeline } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { usePathway, type TPathwayEvent } from './api';

const KIND_COLOURS: Record<TPathwayEvent['kind'], string> = {
  registered: 'blue.9',
  screening: 'indigo.9',
  identification_decision: 'violet.9',
  consent: '#237032',
  consent_withdrawn: '#b03e0b',
  referral: 'blue.9',
  service: '#237032',
  transfer: 'gray.8',
};

/** The code of an event (a referral status, a delivery unit, a decision…) in words. */
function useEventDetail() {
  const { t } = useTranslation();
  return (e: TPathwayEvent): string => {
    if (!e.code) return '';
    if (e.kind === 'service' && e.units !== null && e.units !== undefined) return t('referrals.pathway.serviceUnits', { n: e.units, unit: t(`referrals.units.${e.code}`, { defaultValue: e.code }) });
    const families: Partial<Record<TPathwayEvent['kind'], string>> = {
      referral: 'referrals.statuses',
      service: 'referrals.units',
      identification_decision: 'identification.statuses',
      consent: 'referrals.consent.purposes',
      consent_withdrawn: 'referrals.consent.purposes',
      transfer: 'referrals.transfers.statuses',
      screening: 'screening.outcomes',
    };
    const family = families[e.kind];
    if (!family) return e.code;
    const key = e.kind === 'screening' ? `${family}.${e.code}.short` : `${family}.${e.code}`;
    return t(key, { defaultValue: e.code });
  };
}

export function PathwaySection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const detail = useEventDetail();
  const query = usePathway(caseId);
  const events = query.data ?? [];
  return (
    <Section id="pathway" title={t('referrals.pathway.title')} testId="pathway-section">
      <Stack gap="md">
        <Text size="sm">{t('referrals.pathway.intro')}</Text>
        {query.isPending ? (
          <Loading />
        ) : query.error ? (
          <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : events.length === 0 ? (
          <Text size="sm">{t('referrals.pathway.none')}</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} active={events.length - 1} component="ol" data-testid="pathway-timeline" style={{ paddingInlineStart: 0 }}>
            {events.map((e, i) => {
              const what = detail(e);
              return (
                <Timeline.Item
                  key={`${e.at}-${i}`}
                  component="li"
                  color={KIND_COLOURS[e.kind]}
                  title={
                    <Text fw={700} size="sm" span>
                      {t(`referrals.pathway.kinds.${e.kind}`)}
                      {what ? ` — ${what}` : ''}
                    </Text>
                  }
                  data-testid="pathway-event"
                  data-kind={e.kind}
                  data-code={e.code ?? ''}
                >
                  <Text size="sm">{e.counterpart ? t('referrals.pathway.between', { organisation: isolate(e.organisation), counterpart: isolate(e.counterpart) }) : e.organisation}</Text>
                  <Text size="xs" c="dimmed">
                    {e.kind === 'service' && e.date ? t('referrals.pathway.deliveredOn', { date: fmt.date(e.date) }) : fmt.instant(e.at)}
                  </Text>
                  {e.referralId && (
                    <Anchor component={Link} to={`/referrals/${e.referralId}`} size="xs">
                      {t('referrals.pathway.openReferral')}
                    </Anchor>
                  )}
                </Timeline.Item>
              );
            })}
          </Timeline>
        )}
      </Stack>
    </Section>
  );
}
