import { Badge } from '@mantine/core';
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
