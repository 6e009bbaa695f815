import { useState } from 'react';
import { Anchor, Button, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MIME_TYPES } from '../../../contract/cases';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { Section } from '../../ui/Section';
import { useFormat, useFormatBytes } from '../../ui/useFormat';
import { attachmentUrl, useAttachments, useUploadAttachment } from './api';
import type { TCaseDetail } from './types';

const MAX_MB = Math.round(ATTACHMENT_MAX_BYTES / (1024 * 1024));

export function AttachmentsSection({ caseDetail }: { caseDetail: TCaseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const bytes = useFormatBytes();
  const { readAttachments, addAttachment } = caseDetail.abilities;
  const list = useAttachments(caseDetail.id, readAttachments);
  const upload = useUploadAttachment(caseDetail.id);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  if (!readAttachments && !addAttachment) return null;

  const choose = (f: File | null) => {
    upload.reset();
    setFile(f);
    if (!f) return setLocalError(null);
    if (!(ATTACHMENT_MIME_TYPES as readonly string[]).includes(f.type)) return setLocalError(t('cases.attachments.wrongType'));
    if (f.size > ATTACHMENT_MAX_BYTES) return setLocalError(t('cases.attachments.tooLarge', { max: MAX_MB }));
    setLocalError(null);
  };

  const send = () => {
    if (!file || localError) return;
    upload.mutate(file, {
      onSuccess: (a) => {
        setFile(null);
        notifySuccess(t('cases.attachments.uploaded', { name: a.fileName }));
      },
    });
  };

  return (
    <Section id="attachments" title={t('cases.attachments.title')} testId="attachments-section">
      <Stack gap="md">
        {readAttachments &&
          (list.isPending ? (
            <Loading />
          ) : list.error ? (
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          ) : (list.data ?? []).length === 0 ? (
            <Text size="sm" data-testid="attachments-empty">
              {t('cases.attachments.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs" data-testid="attachments-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('cases.attachments.fileName')}</Table.Th>
                    <Table.Th scope="col">{t('cases.attachments.size')}</Table.Th>
                    <Table.Th scope="col">{t('cases.attachments.uploadedBy')}</Table.Th>
                    <Table.Th scope="col">{t('cases.attachments.uploadedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(list.data ?? []).map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor href={attachmentUrl(caseDetail.id, a.id)} download={a.fileName} data-testid="attachment-download">
                          {a.fileName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td className="nowrap">{bytes(a.sizeBytes)}</Table.Td>
                      <Table.Td>{a.uploadedBy}</Table.Td>
                      <Table.Td className="nowrap">{fmt.instant(a.createdAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
        {!readAttachments && <Text size="sm">{t('cases.attachments.noReadAccess')}</Text>}
        {addAttachment && (
          <Stack gap="xs">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <FileInput
                label={t('cases.attachments.choose')}
                description={t('cases.attachments.rules', { max: MAX_MB })}
                placeholder={t('cases.attachments.placeholder')}
                accept={ATTACHMENT_MIME_TYPES.join(',')}
                value={file}
                onChange={choose}
                clearable
                error={localError}
                style={{ flex: '1 1 280px' }}
                data-testid="attachment-input"
              />
              <Button onClick={send} disabled={!file || !!localError} loading={upload.isPending} data-testid="attachment-upload">
                {t('cases.attachments.upload')}
              </Button>
            </Group>
            <ErrorAlert error={upload.error} />
          </Stack>
        )}
      </Stack>
    </Section>
  );
}
