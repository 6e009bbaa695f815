/**
 * The duplicate check of the registration's review step, before anything is saved: records that may be the same
 * person. In the user's own organisation, the existing cases (open one rather than register the person twice,
 * a new case of the same person being a new situation); elsewhere, only which organisation holds a record, to ask
 * to link once the case is saved. Nothing is stored but the audit entry of the lookup.
 */
import { Alert, Anchor, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ZCaseCreate } from '../../../contract/cases';
import type { TMatchCandidates } from '../../../contract/matching';
import { api } from '../../app/api';
import { isolate, useFormat } from '../../ui/useFormat';
import { prepareRegistration, type TRegistrationDraft } from '../cases/registration';

/** The lookup body from the draft, or null while the person part is not valid yet. */
function lookupOf(draft: TRegistrationDraft) {
  const parsed = ZCaseCreate.safeParse(prepareRegistration(draft));
  if (!parsed.success || !parsed.data.person) return null;
  return { ...parsed.data.person, identifiedOn: parsed.data.identifiedOn };
}

export function PossibleDuplicates({ draft }: { draft: TRegistrationDraft }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const body = lookupOf(draft);
  const lookup = useQuery({
    queryKey: ['match-candidates', 'form', body],
    queryFn: () => api.post<TMatchCandidates>('/persons/match-candidates', body),
    enabled: !!body,
    staleTime: 60_000,
  });
  const items = lookup.data?.items ?? [];
  if (!body || lookup.isPending || lookup.isError) return null;
  if (items.length === 0) {
    return (
      <Text size="sm" data-testid="register-duplicates-none">
        {t('matching.register.none')}
      </Text>
    );
  }
  return (
    <Alert color="#8a5300" variant="light" title={t('matching.register.title')} data-testid="register-duplicates">
      <List size="sm" spacing={4}>
        {items.map((c, i) =>
          c.kind === 'own' ? (
            // The links keep the notice's text colour: the theme's link blue is too light on its tinted background.
            <List.Item key={`own-${i}`} data-testid="register-duplicate" data-kind="own">
              {t('matching.register.own')}{' '}
              {c.cases.map((k) => (
                <Anchor href={`/cases/${k.id}`} target="_blank" rel="noopener" key={k.id} className="ltr-value" me="xs" c="inherit" fw={700} underline="always">
                  {k.reference}
                </Anchor>
              ))}
              ({t(`matching.strength.${c.strength}`)})
            </List.Item>
          ) : (
            <List.Item key={c.handle} data-testid="register-duplicate" data-kind="other">
              {t('matching.register.other', { organisation: isolate(c.organisation.name), strength: t(`matching.strength.${c.strength}`), facts: fmt.list(c.agreed.map((f) => t(`matching.facts.${f}`))) })}
            </List.Item>
          ),
        )}
      </List>
      <Text size="sm" mt="xs">
        {t('matching.register.after')}
      </Text>
    </Alert>
  );
}
