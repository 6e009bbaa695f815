import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReference } from '../app/reference';

const STATUS_COLOURS: Record<string, string> = {
  active: '#237032',
  follow_up: 'blue.9',
  closed: 'gray.8',
  closed_referred: 'gray.8',
};

export function StatusBadge({ status }: { status: string }) {
  const ref = useReference();
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray.8'} variant="filled" tt="none" data-testid="case-status">
      {ref.label('caseStatuses', status)}
    </Badge>
  );
}

export function StageBadge({ stage }: { stage: string }) {
  const ref = useReference();
  return (
    <Badge color="indigo.9" variant="outline" tt="none" bg="white" data-testid="case-stage">
      {ref.label('caseStages', stage)}
    </Badge>
  );
}

const IDENTIFICATION_COLOURS: Record<string, string> = {
  presumed: 'violet.9',
  identified: '#237032',
  not_victim: 'gray.8',
  withdrawn: 'gray.8',
};

/** The identification status decided by the competent authority (presumed until a decision is final). */
export function IdentificationBadge({ status, testId = 'identification-status' }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={IDENTIFICATION_COLOURS[status] ?? 'gray.8'} variant="filled" tt="none" data-testid={testId} data-status={status}>
      {t(`identification.statuses.${status}`)}
    </Badge>
  );
}
