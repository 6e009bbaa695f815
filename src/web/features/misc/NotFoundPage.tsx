import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader, useDocumentTitle } from '../../ui/Page';

export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Stack data-testid="not-found">
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.body')}</Text>
      <div>
        <Button component={Link} to="/">
          {t('common.backHome')}
        </Button>
      </div>
    </Stack>
  );
}
