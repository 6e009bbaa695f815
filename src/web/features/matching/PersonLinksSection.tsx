/**
 * "The same person elsewhere" on the case page of the managing organisation: records that may be the same person
 * (another organisation's: only who holds it, how strong, which kinds of facts agreed; never a name or a date), a
 * request to link them, and the link requests about this person in both directions, to accept, decline or undo.
 */
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TCaseDetail } from '../../../contract/cases';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { isolate, useFormat } from '../../ui/useFormat';
import { useLinkAction, useMatchCandidates, usePersonLinks, useRequestLink, type TMatchCandidate, type TPersonLink } from './api';

const LOOKUP_ROLES = ['first_responder', 'case_worker', 'case_supervisor'] as const;
const LINK_ROLES = ['case_worker', 'case_supervisor'] as const;

function Strength({ strength }: { strength: 'strong' | 'partial' }) {
  const { t } = useTranslation();
  return (
    <Badge color={strength === 'strong' ? '#1c5f8a' : '#495057'} variant="filled" style={{ textTransform: 'none' }} data-testid="match-strength" data-strength={strength}>
      {t(`matching.strength.${strength}`)}
    </Badge>
  );
}

function Agreed({ facts }: { facts: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Text size="sm" data-testid="match-agreed">
      {t('matching.agreed', { facts: fmt.list(facts.map((f) => t(`matching.facts.${f}`))) })}
    </Text>
  );
}

function Candidate({ c, personId, canLink }: { c: TMatchCandidate; personId: string; canLink: boolean }) {
  const { t } = useTranslation();
  const request = useRequestLink();
  return (
    <Paper withBorder p="sm" data-testid="match-candidate" data-kind={c.kind}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4}>
          {c.kind === 'other' ? (
            <Text fw={600}>{t('matching.heldBy', { organisation: isolate(c.organisation.name) })}</Text>
          ) : (
            <Text fw={600}>
              {t('matching.ownRecord')}{' '}
              {c.cases.map((k) => (
                <Anchor component={Link} to={`/cases/${k.id}`} key={k.id} className="ltr-value" me="xs">
                  {k.reference}
                </Anchor>
              ))}
            </Text>
          )}
          <Agreed facts={c.agreed} />
        </Stack>
        <Group gap="xs">
          <Strength strength={c.strength} />
          {c.kind === 'other' && canLink && (
            <Button size="xs" onClick={() => request.mutate({ fromPersonId: personId, candidate: c.handle })} loading={request.isPending} data-testid="match-request-link">
              {t('matching.requestLink')}
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={request.error} />
    </Paper>
  );
}

function LinkItem({ link }: { link: TPersonLink }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const act = useLinkAction();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const other = isolate(link.otherOrganisation.name);
  return (
    <Paper withBorder p="sm" data-testid="person-link" data-direction={link.direction} data-status={link.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4}>
          <Text fw={600}>{t(`matching.links.${link.direction}`, { organisation: other })}</Text>
          <Text size="sm" data-testid="person-link-status">
            {t(`matching.links.statuses.${link.status}`)} · {fmt.instant(link.decidedAt ?? link.requestedAt)}
          </Text>
          <Agreed facts={link.agreed} />
          {link.reason && <Text size="sm">{t('matching.links.reason', { reason: link.reason })}</Text>}
        </Stack>
        <Group gap="xs">
          <Strength strength={link.strength} />
          {link.actions.includes('accept') && (
            <Button size="xs" onClick={() => act.mutate({ link, action: 'accept' })} loading={act.isPending} data-testid="person-link-accept">
              {t('matching.links.accept')}
            </Button>
          )}
          {link.actions.includes('decline') && !declining && (
            <Button size="xs" variant="default" onClick={() => setDeclining(true)} data-testid="person-link-decline">
              {t('matching.links.decline')}
            </Button>
          )}
          {link.actions.includes('unlink') && (
            <Button size="xs" variant="default" onClick={() => act.mutate({ link, action: 'unlink' })} loading={act.isPending} data-testid="person-link-unlink">
              {t('matching.links.unlink')}
            </Button>
          )}
        </Group>
      </Group>
      {declining && (
        <Group mt="xs" align="flex-end" gap="xs">
          <TextInput label={t('matching.links.declineReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} data-testid="person-link-decline-reason" />
          <Button size="xs" onClick={() => act.mutate({ link, action: 'decline', reason: reason.trim() || undefined })} loading={act.isPending} data-testid="person-link-decline-confirm">
            {t('matching.links.declineConfirm')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={act.error} />
    </Paper>
  );
}

function Body({ personId, canLink }: { personId: string; canLink: boolean }) {
  const { t } = useTranslation();
  const candidates = useMatchCandidates(personId);
  const links = usePersonLinks();
  const mine = (links.data?.items ?? []).filter((l) => l.ownRecord.personId === personId);
  return (
    <Stack gap="sm">
      <Text size="sm">{t('matching.help')}</Text>
      {candidates.isPending || links.isPending ? (
        <Loading />
      ) : (
        <>
          <ErrorAlert error={candidates.error ?? links.error} onRetry={() => void candidates.refetch()} />
          {mine.length > 0 && (
            <Stack gap="xs" data-testid="person-links">
              {mine.map((l) => (
                <LinkItem key={l.id} link={l} />
              ))}
            </Stack>
          )}
          {(candidates.data?.items.length ?? 0) === 0 ? (
            <Alert variant="light" color="gray" data-testid="match-none">
              {t('matching.none')}
            </Alert>
          ) : (
            <Stack gap="xs" data-testid="match-candidates">
              {candidates.data!.items.map((c, i) => (
                <Candidate key={c.kind === 'other' ? c.handle : `own-${i}`} c={c} personId={personId} canLink={canLink} />
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}

export function PersonLinksSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  if (caseDetail.access !== 'manager' || !hasRole(LOOKUP_ROLES)) return null;
  return (
    <Section id="person-links" title={t('matching.title')} testId="person-links-section">
      <Body personId={caseDetail.person.id} canLink={hasRole(LINK_ROLES)} />
    </Section>
  );
}
