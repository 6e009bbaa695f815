import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './DataList.module.css';

export interface TDataItem {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** A description list (label / value) that folds into one column on narrow screens. */
export function DataList({ items }: { items: TDataItem[] }) {
  const { t } = useTranslation();
  return (
    <dl className={classes.list}>
      {items.map((it) => (
        <div key={it.label} className={classes.row}>
          <dt className={classes.term}>{it.label}</dt>
          <dd className={classes.value} data-testid={it.testId}>
            {it.value === null || it.value === undefined || it.value === '' ? (
              <Text span c="dimmed" size="sm">
                {t('common.notRecorded')}
              </Text>
            ) : (
              it.value
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
