import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader, useDocumentTitle } from '../../ui/Page';

export function ForbiddenPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('forbidden.title'));
  return (
    <Stack>
      <PageHeader title={t('forbidden.title')} />
      <Text>{t('forbidden.body')}</Text>
      <div>
        <Button component={Link} to="/">
          {t('common.backHome')}
        </Button>
      </div>
    </Stack>
  );
}
