/**
 * The five data categories as checkboxes, each with a plain explanation of what it contains. Some may be
 * disabled with the reason shown (e.g. not covered by the chosen consent).
 */
import { Checkbox, Stack, Text } from '@mantine/core';
import { Controller, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { DATA_CATEGORIES } from '../../../contract/common';
import { useFieldError } from '../../ui/form';

export function CategoryCheckboxes({
  name,
  label,
  description,
  testId,
  disabledReason,
  minimum,
}: {
  name: string;
  label: string;
  description?: string;
  testId?: string;
  /** Why a category cannot be chosen; categories absent from the map are free. */
  disabledReason?: Partial<Record<string, string>>;
  /** Categories marked as "the minimum for this service". */
  minimum?: readonly string[];
}) {
  const { t } = useTranslation();
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Checkbox.Group value={(field.value as string[] | undefined) ?? []} onChange={field.onChange} label={label} description={description} error={error} data-testid={testId}>
          <Stack gap="xs" mt="xs">
            {DATA_CATEGORIES.map((c) => {
              const reason = disabledReason?.[c];
              const help = t(`referrals.categoryHelp.${c}`);
              return (
                <Checkbox
                  key={c}
                  value={c}
                  disabled={!!reason}
                  data-category={c}
                  label={
                    <>
                      {t(`referrals.categories.${c}`)}
                      {minimum?.includes(c) && (
                        <Text span size="xs" fw={600} c="blue.9" ms={6}>
                          {t('referrals.refer.minimum')}
                        </Text>
                      )}
                    </>
                  }
                  description={reason ? `${help} — ${reason}` : help}
                />
              );
            })}
          </Stack>
        </Checkbox.Group>
      )}
    />
  );
}
