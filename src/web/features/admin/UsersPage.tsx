import { useMemo, useState } from 'react';
import { Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { FormProvider, useForm, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ROLES, type TRole } from '../../../contract/common';
import { ZPasswordReset, ZUserCreate, ZUserUpdate, type TUser } from '../../../contract/users';
import { useSession } from '../../app/auth';
import { LANGUAGES } from '../../app/i18n';
import { hasAnyRole } from '../../app/roles';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { applyServerFieldErrors } from '../../ui/errors';
import { CheckboxField, CheckboxGroupField, contractResolver, SelectField, TextField, useFieldError } from '../../ui/form';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { PasswordField } from '../../ui/PasswordField';
import { useFormat } from '../../ui/useFormat';
import { useCreateUser, useOrganisations, useResetPassword, useUpdateUser, useUsers, type TPasswordReset, type TUserCreate, type TUserUpdate } from './api';

/** A strong temporary password (the person must change it at first sign-in). */
export function suggestPassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_';
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function TemporaryPasswordField({ name, testId }: { name: string; testId: string }) {
  const { t } = useTranslation();
  const error = useFieldError(name);
  const [visible, setVisible] = useState(false);
  return (
    <FormPasswordField
      name={name}
      label={t('admin.users.temporaryPassword')}
      description={t('admin.users.temporaryPasswordHelp')}
      error={error}
      visible={visible}
      onVisibilityChange={setVisible}
      testId={testId}
      onSuggest={() => setVisible(true)}
    />
  );
}

function FormPasswordField({
  name,
  label,
  description,
  error,
  visible,
  onVisibilityChange,
  testId,
  onSuggest,
}: {
  name: string;
  label: string;
  description: string;
  error?: string;
  visible: boolean;
  onVisibilityChange: (v: boolean) => void;
  testId: string;
  onSuggest: () => void;
}) {
  const { t } = useTranslation();
  const { register, setValue } = useFormContext();
  return (
    <Stack gap={4}>
      <PasswordField
        {...register(name)}
        label={label}
        description={description}
        required
        autoComplete="new-password"
        error={error}
        visible={visible}
        onVisibilityChange={onVisibilityChange}
        data-testid={testId}
      />
      <Group>
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            setValue(name, suggestPassword(), { shouldDirty: true, shouldValidate: true });
            onSuggest();
          }}
        >
          {t('admin.users.suggestPassword')}
        </Button>
      </Group>
    </Stack>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  const session = useSession();
  const isSystemAdmin = session.user.roles.includes('system_admin');
  return ROLES.filter((r) => isSystemAdmin || r !== 'system_admin').map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

function useLanguageOptions() {
  const { t } = useTranslation();
  return LANGUAGES.map((l) => ({ value: l, label: t(`language.names.${l}`) }));
}

interface TCreateDraft {
  email: string;
  displayName: string;
  organisationId: string;
  roles: string[];
  language: string;
  password: string;
}

function CreateUserForm({ organisationOptions, defaultOrganisationId, onDone }: { organisationOptions: { value: string; label: string }[]; defaultOrganisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const roleOptions = useRoleOptions();
  const languageOptions = useLanguageOptions();
  const form = useForm<TCreateDraft, unknown, TUserCreate>({
    resolver: contractResolver<TCreateDraft, TUserCreate>(ZUserCreate),
    defaultValues: { email: '', displayName: '', organisationId: defaultOrganisationId, roles: [], language: 'fr', password: '' },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      const u = await create.mutateAsync(body);
      notifySuccess(t('admin.users.created', { name: u.displayName }));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void submit(e)} data-testid="user-create-form">
        <Stack>
          <TextField name="displayName" label={t('admin.users.displayName')} required autoComplete="off" testId="user-display-name" />
          <TextField name="email" label={t('admin.users.email')} type="email" required autoComplete="off" testId="user-email" />
          {organisationOptions.length > 1 ? (
            <SelectField name="organisationId" label={t('admin.users.organisation')} required options={organisationOptions} testId="user-organisation" />
          ) : (
            <Text size="sm">
              {t('admin.users.organisation')}
              {t('history.colon')}
              {organisationOptions[0]?.label}
            </Text>
          )}
          <CheckboxGroupField name="roles" label={t('admin.users.roles')} required options={roleOptions} testId="user-roles" />
          <SelectField name="language" label={t('admin.users.language')} required options={languageOptions} testId="user-language" />
          <TemporaryPasswordField name="password" testId="user-password" />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="user-save">
              {t('admin.users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

interface TEditDraft {
  displayName: string;
  roles: string[];
  active: boolean;
  language: string;
}

function editBody(d: TEditDraft, u: TUser) {
  const body: Record<string, unknown> = { version: u.version };
  if (d.displayName !== u.displayName) body.displayName = d.displayName;
  if (JSON.stringify([...d.roles].sort()) !== JSON.stringify([...u.roles].sort())) body.roles = d.roles;
  if (d.active !== u.active) body.active = d.active;
  if (d.language !== u.language) body.language = d.language;
  return body;
}

function EditUserForm({ user, onDone }: { user: TUser; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const roleOptions = useRoleOptions();
  const languageOptions = useLanguageOptions();
  const resolver = useMemo(() => contractResolver<TEditDraft, TUserUpdate>(ZUserUpdate, (d) => editBody(d, user)), [user]);
  const form = useForm<TEditDraft, unknown, TUserUpdate>({
    resolver,
    defaultValues: { displayName: user.displayName, roles: [...user.roles], active: user.active, language: user.language },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await update.mutateAsync({ id: user.id, body });
      notifySuccess(t('admin.users.saved', { name: user.displayName }));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void submit(e)} data-testid="user-edit-form">
        <Stack>
          <Text size="sm">
            {user.email} · {user.organisationName}
          </Text>
          <TextField name="displayName" label={t('admin.users.displayName')} required autoComplete="off" testId="user-display-name" />
          <CheckboxGroupField name="roles" label={t('admin.users.roles')} required options={roleOptions} testId="user-roles" />
          <SelectField name="language" label={t('admin.users.language')} required options={languageOptions} testId="user-language" />
          <CheckboxField name="active" label={t('admin.users.activeLabel')} description={t('admin.users.activeHelp')} testId="user-active" />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending} data-testid="user-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

interface TResetDraft {
  version: number;
  password: string;
  resetMfa: boolean;
}

function ResetPasswordForm({ user, onDone }: { user: TUser; onDone: () => void }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  const form = useForm<TResetDraft, unknown, TPasswordReset>({
    resolver: contractResolver<TResetDraft, TPasswordReset>(ZPasswordReset),
    defaultValues: { version: user.version, password: '', resetMfa: false },
  });
  const submit = form.handleSubmit(async (body) => {
    try {
      await reset.mutateAsync({ id: user.id, body });
      notifySuccess(t('admin.users.passwordReset', { name: user.displayName }));
      onDone();
    } catch (e) {
      applyServerFieldErrors(e, form.setError);
    }
  });
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(e) => void submit(e)} data-testid="user-reset-form">
        <Stack>
          <Text size="sm">{t('admin.users.resetIntro', { name: user.displayName })}</Text>
          <TemporaryPasswordField name="password" testId="reset-password" />
          <CheckboxField name="resetMfa" label={t('admin.users.resetMfa')} description={t('admin.users.resetMfaHelp')} testId="reset-mfa" />
          <ErrorAlert error={reset.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={reset.isPending} data-testid="reset-save">
              {t('admin.users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

type TDialog = { kind: 'create' } | { kind: 'edit'; user: TUser } | { kind: 'reset'; user: TUser } | null;

export default function UsersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const isSystemAdmin = hasAnyRole(session.user.roles, ['system_admin']);
  const [organisationId, setOrganisationId] = useState<string>(isSystemAdmin ? '' : session.user.organisation.id);
  const orgs = useOrganisations(isSystemAdmin);
  const users = useUsers(organisationId || undefined);
  const [dialog, setDialog] = useState<TDialog>(null);
  useDocumentTitle(t('admin.users.title'));

  const organisationOptions = isSystemAdmin
    ? (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))
    : [{ value: session.user.organisation.id, label: session.user.organisation.name }];
  const close = () => setDialog(null);
  const roleLabels = (roles: TRole[]) => fmt.list(roles.map((r) => t(`roles.${r}`)));

  return (
    <Stack>
      <PageHeader
        title={t('admin.users.title')}
        actions={
          <Button onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
            {t('admin.users.create')}
          </Button>
        }
      >
        {!isSystemAdmin && <Text>{t('admin.users.ownOrganisation', { organisation: session.user.organisation.name })}</Text>}
      </PageHeader>
      {isSystemAdmin && (
        <NativeSelect
          label={t('admin.users.filterOrganisation')}
          value={organisationId}
          onChange={(e) => setOrganisationId(e.currentTarget.value)}
          maw={420}
          data-testid="users-organisation-filter"
        >
          <option value="">{t('admin.users.allOrganisations')}</option>
          {organisationOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      )}
      <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      {users.isPending ? (
        <Loading />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="sm" data-testid="users-table">
            <Table.Caption className="visually-hidden">{t('admin.users.title')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admin.users.displayName')}</Table.Th>
                <Table.Th scope="col">{t('admin.users.organisation')}</Table.Th>
                <Table.Th scope="col">{t('admin.users.roles')}</Table.Th>
                <Table.Th scope="col">{t('admin.users.state')}</Table.Th>
                <Table.Th scope="col">{t('admin.users.lastLogin')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(users.data ?? []).map((u) => (
                <Table.Tr key={u.id} data-testid="user-row">
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {u.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" className="ltr-value">
                      {u.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{u.organisationName}</Table.Td>
                  <Table.Td>{roleLabels(u.roles)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={u.active ? '#237032' : 'gray.8'} variant="filled" tt="none">
                        {u.active ? t('admin.status.active') : t('admin.status.inactive')}
                      </Badge>
                      {u.locked && (
                        <Badge color="red.9" variant="filled" tt="none">
                          {t('admin.users.locked')}
                        </Badge>
                      )}
                      <Badge color={u.mfaEnabled ? 'teal.9' : 'gray.8'} variant="outline" tt="none" bg="white">
                        {u.mfaEnabled ? t('admin.users.mfaOn') : t('admin.users.mfaOff')}
                      </Badge>
                      {u.mustChangePassword && (
                        <Badge color="#b03e0b" variant="outline" tt="none" bg="white">
                          {t('admin.users.mustChangePassword')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td className="nowrap">{u.lastLoginAt ? fmt.instant(u.lastLoginAt) : t('admin.users.never')}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="outline" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={t('admin.users.editNamed', { name: u.displayName })} data-testid="user-edit">
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="#c92a2a"
                        onClick={() => setDialog({ kind: 'reset', user: u })}
                        aria-label={t('admin.users.resetNamed', { name: u.displayName })}
                        data-testid="user-reset"
                      >
                        {t('admin.users.reset')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Dialog opened={dialog?.kind === 'create'} onClose={close} title={t('admin.users.create')} testId="user-create-dialog">
        {dialog?.kind === 'create' && (
          <CreateUserForm organisationOptions={organisationOptions} defaultOrganisationId={organisationId || session.user.organisation.id} onDone={close} />
        )}
      </Dialog>
      <Dialog opened={dialog?.kind === 'edit'} onClose={close} title={t('admin.users.edit')} testId="user-edit-dialog">
        {dialog?.kind === 'edit' && <EditUserForm key={dialog.user.id} user={dialog.user} onDone={close} />}
      </Dialog>
      <Dialog opened={dialog?.kind === 'reset'} onClose={close} title={t('admin.users.resetTitle')} testId="user-reset-dialog">
        {dialog?.kind === 'reset' && <ResetPasswordForm key={dialog.user.id} user={dialog.user} onDone={close} />}
      </Dialog>
    </Stack>
  );
}
