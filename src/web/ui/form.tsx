/**
 * Form building blocks on top of react-hook-form + Mantine, used by every form of the app. Fields read the
 * form from context, so the same person or place fields serve the registration and the edit forms.
 */
import { useEffect, type ReactNode } from 'react';
import {
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
  type TextInputProps,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, get, useFormContext, type FieldValues, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TOption } from '../app/reference';
import { cleanValues } from './clean';
import { DayFirstDateInput } from './dateInput';
import { fieldErrorText } from './errors';

/**
 * zodResolver on the contract schema, applied to what the form holds after `prepare` (by default
 * `cleanValues`). Error paths are the schema's paths, which are also the form's field names.
 */
export function contractResolver<TValues extends FieldValues, TOut>(
  schema: z.ZodType<TOut>,
  prepare: (values: TValues) => unknown = cleanValues,
): Resolver<TValues, unknown, TOut> {
  const base = zodResolver(schema as z.ZodType<TOut, FieldValues>) as unknown as Resolver<FieldValues, unknown, TOut>;
  return ((values, ctx, options) => base(prepare(values) as FieldValues, ctx, options as never)) as Resolver<TValues, unknown, TOut>;
}

export function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  return fieldErrorText(get(formState.errors, name));
}

interface TBaseField {
  name: string;
  label: string;
  description?: ReactNode;
  required?: boolean;
  testId?: string;
  disabled?: boolean;
}

export function TextField({ name, label, description, required, testId, disabled, ...rest }: TBaseField & Omit<TextInputProps, 'name' | 'label' | 'error'>) {
  const { register } = useFormContext();
  const error = useFieldError(name);
  return (
    <TextInput
      {...rest}
      {...register(name)}
      label={label}
      description={description}
      required={required}
      disabled={disabled}
      error={error}
      data-testid={testId}
    />
  );
}

/** A calendar date, typed or picked day first in every language; the form holds `YYYY-MM-DD`. */
export function DateField({ name, label, description, required, testId, disabled }: TBaseField) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <DayFirstDateInput
          inputRef={field.ref}
          value={(field.value as string | undefined) ?? ''}
          onChange={field.onChange}
          onBlur={field.onBlur}
          label={label}
          description={description}
          required={required}
          disabled={disabled}
          error={error}
          testId={testId}
          maw={260}
        />
      )}
    />
  );
}

export function TextareaField({ name, label, description, required, testId, disabled, minRows = 3 }: TBaseField & { minRows?: number }) {
  const { register } = useFormContext();
  const error = useFieldError(name);
  return (
    <Textarea
      {...register(name)}
      label={label}
      description={description}
      required={required}
      disabled={disabled}
      error={error}
      autosize
      minRows={minRows}
      maxRows={16}
      data-testid={testId}
    />
  );
}

/** A native select: the tablet's own picker, and `selectOption` in tests. */
export function SelectField({
  name,
  label,
  description,
  required,
  testId,
  disabled,
  options,
  placeholder,
}: TBaseField & { options: TOption[]; placeholder?: string }) {
  const { register } = useFormContext();
  const error = useFieldError(name);
  const { t } = useTranslation();
  return (
    <NativeSelect
      {...register(name)}
      label={label}
      description={description}
      required={required}
      disabled={disabled}
      error={error}
      data-testid={testId}
    >
      <option value="">{placeholder ?? t('common.choose')}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </NativeSelect>
  );
}

/**
 * A long list (the ~7,900 ISO 639-3 languages) shows its first matches only, so the dropdown stays fast: the
 * list is served most-used first, and typing narrows it.
 */
const longListLimit = (options: TOption[]) => (options.length > 500 ? 60 : undefined);

/** A searchable single select for long lists (countries). */
export function SearchSelectField({ name, label, description, required, testId, disabled, options }: TBaseField & { options: TOption[] }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  const { t } = useTranslation();
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Select
          ref={field.ref}
          name={field.name}
          value={(field.value as string | undefined) || null}
          onChange={(v) => field.onChange(v ?? '')}
          onBlur={field.onBlur}
          data={options}
          searchable
          clearable
          limit={longListLimit(options)}
          nothingFoundMessage={t('common.nothingFound')}
          label={label}
          description={description}
          required={required}
          disabled={disabled}
          error={error}
          data-testid={testId}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    />
  );
}

export function MultiSelectField({
  name,
  label,
  description,
  required,
  testId,
  disabled,
  options,
  maxValues,
}: TBaseField & { options: TOption[]; maxValues?: number }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  const { t } = useTranslation();
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <MultiSelect
          ref={field.ref}
          name={field.name}
          value={(field.value as string[] | undefined) ?? []}
          onChange={field.onChange}
          onBlur={field.onBlur}
          data={options}
          searchable
          clearable
          limit={longListLimit(options)}
          hidePickedOptions
          maxValues={maxValues}
          nothingFoundMessage={t('common.nothingFound')}
          label={label}
          description={description}
          required={required}
          disabled={disabled}
          error={error}
          data-testid={testId}
        />
      )}
    />
  );
}

export function TagsField({ name, label, description, testId, disabled, maxTags }: TBaseField & { maxTags?: number }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <TagsInput
          ref={field.ref}
          name={field.name}
          value={(field.value as string[] | undefined) ?? []}
          onChange={field.onChange}
          onBlur={field.onBlur}
          label={label}
          description={description}
          disabled={disabled}
          error={error}
          maxTags={maxTags}
          clearable
          data-testid={testId}
        />
      )}
    />
  );
}

export function NumberField({ name, label, description, required, testId, disabled, min, max }: TBaseField & { min?: number; max?: number }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <NumberInput
          ref={field.ref}
          name={field.name}
          value={(field.value as number | undefined) ?? ''}
          onChange={(v) => field.onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
          onBlur={field.onBlur}
          min={min}
          max={max}
          allowDecimal={false}
          allowNegative={false}
          label={label}
          description={description}
          required={required}
          disabled={disabled}
          error={error}
          data-testid={testId}
          maw={200}
        />
      )}
    />
  );
}

export function CheckboxField({ name, label, description, testId, disabled }: TBaseField) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Checkbox
          ref={field.ref}
          name={field.name}
          checked={!!field.value}
          onChange={(e) => field.onChange(e.currentTarget.checked)}
          onBlur={field.onBlur}
          label={label}
          description={description}
          disabled={disabled}
          error={error}
          data-testid={testId}
        />
      )}
    />
  );
}

export function CheckboxGroupField({
  name,
  label,
  description,
  required,
  testId,
  options,
  cols = { base: 1, sm: 2 },
}: TBaseField & { options: TOption[]; cols?: Record<string, number> }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Checkbox.Group
          value={(field.value as string[] | undefined) ?? []}
          onChange={field.onChange}
          label={label}
          description={description}
          required={required}
          error={error}
          data-testid={testId}
        >
          <SimpleGrid cols={cols} spacing="xs" mt="xs">
            {options.map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
    />
  );
}

export function RadioGroupField({
  name,
  label,
  description,
  required,
  testId,
  options,
  descriptions,
  inline,
}: TBaseField & { options: TOption[]; descriptions?: Record<string, string>; inline?: boolean }) {
  const { control } = useFormContext();
  const error = useFieldError(name);
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Radio.Group
          name={field.name}
          value={(field.value as string | undefined) ?? null}
          onChange={field.onChange}
          label={label}
          description={description}
          required={required}
          error={error}
          data-testid={testId}
        >
          {inline ? (
            <Group gap="lg" mt="xs">
              {options.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </Group>
          ) : (
            <Stack gap="sm" mt="xs">
              {options.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} description={descriptions?.[o.value]} />
              ))}
            </Stack>
          )}
        </Radio.Group>
      )}
    />
  );
}

/** Clears dependent fields while a condition holds (e.g. region and province once the country is not Morocco). */
export function useClearWhen(condition: boolean, names: string[]) {
  const { setValue, getValues } = useFormContext();
  const key = names.join('|');
  useEffect(() => {
    if (!condition) return;
    for (const n of key.split('|')) if (getValues(n)) setValue(n, '', { shouldDirty: true });
  }, [condition, key, getValues, setValue]);
}
