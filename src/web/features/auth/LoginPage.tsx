import { useState } from 'react';
import { Alert, Button, Code, Group, Image, List, Paper, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ZLoginRequest, ZMfaVerifyRequest, ZPasswordChangeRequest } from '../../../contract/auth';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrorText } from '../../ui/errors';
import { Loading, PageHeader, useDocumentTitle } from '../../ui/Page';
import { PasswordField } from '../../ui/PasswordField';
import { useLogin, useMfaEnable, useMfaSetup, useMfaVerify, usePasswordChange } from './api';

/** Only same-site paths are accepted as a return address. */
function safeNext(v: string | null): string {
  return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/login') ? v : '/';
}

/** Minutes to wait when sign-in from this address is throttled for this e-mail (the server says `retryAfterSeconds`). */
function throttledMinutes(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'RATE_LIMITED') return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds / 60) : null;
}

function CredentialsStep({ onPassword }: { onPassword: (p: string) => void }) {
  const { t } = useTranslation();
  const { endReason } = useAuth();
  const login = useLogin();
  const form = useForm({ resolver: zodResolver(ZLoginRequest), defaultValues: { email: '', password: '' } });
  const { errors } = form.formState;
  const throttled = throttledMinutes(login.error);
  return (
    <Stack>
      <PageHeader title={t('auth.login.title')}>
        <Text>{t('auth.login.intro')}</Text>
      </PageHeader>
      {endReason === 'expired' && (
        <Alert color="blue" variant="light" data-testid="session-expired">
          {t('auth.login.sessionExpired')}
        </Alert>
      )}
      {throttled !== null ? (
        <Alert color="orange" variant="light" role="alert" data-testid="login-throttled">
          {t('auth.login.throttled', { minutes: throttled })}
        </Alert>
      ) : (
        <ErrorAlert error={login.error} />
      )}
      <form
        noValidate
        onSubmit={form.handleSubmit((v) => {
          onPassword(v.password);
          login.mutate(v);
        })}
      >
        <Stack>
          <TextInput
            {...form.register('email')}
            type="email"
            label={t('auth.login.email')}
            autoComplete="username"
            required
            error={fieldErrorText(errors.email)}
            data-testid="login-email"
          />
          <PasswordField
            {...form.register('password')}
            label={t('auth.login.password')}
            autoComplete="current-password"
            required
            error={fieldErrorText(errors.password)}
            data-testid="login-password"
          />
          <Button type="submit" loading={login.isPending} data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}

function CodeForm({ submitLabel, pending, onCode }: { submitLabel: string; pending: boolean; onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const form = useForm({ resolver: zodResolver(ZMfaVerifyRequest), defaultValues: { code: '' } });
  return (
    <form noValidate onSubmit={form.handleSubmit((v) => onCode(v.code))}>
      <Stack>
        <TextInput
          {...form.register('code')}
          label={t('auth.mfa.code')}
          description={t('auth.mfa.codeHelp')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          dir="ltr"
          error={form.formState.errors.code ? t('auth.mfa.codeInvalid') : undefined}
          data-testid="mfa-code"
        />
        <Button type="submit" loading={pending} data-testid="mfa-submit">
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

function StartAgain() {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  return (
    <Group justify="center">
      <Button variant="subtle" onClick={() => void signOut()} data-testid="login-restart">
        {t('auth.startAgain')}
      </Button>
    </Group>
  );
}

function DemoNotice() {
  const { t } = useTranslation();
  const { session } = useAuth();
  if (!session?.mfaWaivedForDemo) return null;
  return (
    <Alert color="orange" variant="light" title={t('layout.mfaWaivedTitle')} data-testid="mfa-waived-notice">
      {t('layout.mfaWaivedBody')}
    </Alert>
  );
}

function MfaStep() {
  const { t } = useTranslation();
  const verify = useMfaVerify();
  return (
    <Stack>
      <PageHeader title={t('auth.mfa.title')}>
        <Text>{t('auth.mfa.intro')}</Text>
      </PageHeader>
      <ErrorAlert error={verify.error} />
      <CodeForm submitLabel={t('auth.mfa.submit')} pending={verify.isPending} onCode={(code) => verify.mutate({ code })} />
      <StartAgain />
    </Stack>
  );
}

function MfaSetupStep() {
  const { t } = useTranslation();
  const setup = useMfaSetup(true);
  const enable = useMfaEnable();
  return (
    <Stack>
      <PageHeader title={t('auth.mfaSetup.title')}>
        <Text>{t('auth.mfaSetup.intro')}</Text>
      </PageHeader>
      <DemoNotice />
      {setup.isPending && <Loading />}
      <ErrorAlert error={setup.error} onRetry={() => void setup.refetch()} />
      {setup.data && (
        <Paper withBorder p="md">
          <Stack>
            <List type="ordered" spacing="xs">
              <List.Item>{t('auth.mfaSetup.step1')}</List.Item>
              <List.Item>{t('auth.mfaSetup.step2')}</List.Item>
              <List.Item>{t('auth.mfaSetup.step3')}</List.Item>
            </List>
            <Group justify="center">
              <Image src={setup.data.qrDataUrl} alt={t('auth.mfaSetup.qrAlt')} w={200} h={200} data-testid="mfa-qr" />
            </Group>
            <div>
              <Text size="sm" fw={600} id="mfa-secret-label">
                {t('auth.mfaSetup.secret')}
              </Text>
              <Code block dir="ltr" aria-labelledby="mfa-secret-label" data-testid="mfa-secret" style={{ overflowWrap: 'anywhere' }}>
                {setup.data.secret}
              </Code>
            </div>
          </Stack>
        </Paper>
      )}
      <ErrorAlert error={enable.error} />
      <CodeForm submitLabel={t('auth.mfaSetup.submit')} pending={enable.isPending} onCode={(code) => enable.mutate({ code })} />
      <StartAgain />
    </Stack>
  );
}

const ZNewPasswordForm = ZPasswordChangeRequest.extend({ confirmPassword: z.string() }).refine((v) => v.newPassword === v.confirmPassword, {
  path: ['confirmPassword'],
  message: 'password_mismatch',
});

function PasswordChangeStep({ knownPassword }: { knownPassword: string | null }) {
  const { t } = useTranslation();
  const change = usePasswordChange();
  const form = useForm({
    resolver: zodResolver(ZNewPasswordForm),
    defaultValues: { currentPassword: knownPassword ?? '', newPassword: '', confirmPassword: '' },
  });
  const { errors } = form.formState;
  return (
    <Stack>
      <PageHeader title={t('auth.password.title')}>
        <Text>{t('auth.password.intro')}</Text>
      </PageHeader>
      <DemoNotice />
      <ErrorAlert error={change.error} />
      <form noValidate onSubmit={form.handleSubmit(({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword }))}>
        <Stack>
          {!knownPassword && (
            <PasswordField
              {...form.register('currentPassword')}
              label={t('auth.password.current')}
              autoComplete="current-password"
              required
              error={fieldErrorText(errors.currentPassword)}
              data-testid="password-current"
            />
          )}
          <PasswordField
            {...form.register('newPassword')}
            label={t('auth.password.new')}
            description={t('auth.password.rules')}
            autoComplete="new-password"
            required
            error={fieldErrorText(errors.newPassword)}
            data-testid="password-new"
          />
          <PasswordField
            {...form.register('confirmPassword')}
            label={t('auth.password.confirm')}
            autoComplete="new-password"
            required
            error={errors.confirmPassword ? t('auth.password.mismatch') : undefined}
            data-testid="password-confirm"
          />
          <Button type="submit" loading={change.isPending} data-testid="password-submit">
            {t('auth.password.submit')}
          </Button>
        </Stack>
      </form>
      <StartAgain />
    </Stack>
  );
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { session, authenticated, ready } = useAuth();
  const [params] = useSearchParams();
  const [knownPassword, setKnownPassword] = useState<string | null>(null);
  useDocumentTitle(t('auth.login.title'));

  if (!ready) return <Loading />;
  if (authenticated) return <Navigate to={safeNext(params.get('next'))} replace />;

  let content;
  switch (session?.state) {
    case 'mfa_required':
      content = <MfaStep />;
      break;
    case 'mfa_setup_required':
      content = <MfaSetupStep />;
      break;
    case 'password_change_required':
      content = <PasswordChangeStep knownPassword={knownPassword} />;
      break;
    default:
      content = <CredentialsStep onPassword={setKnownPassword} />;
  }
  return (
    <Stack data-testid="login-page">
      {content}
      <Text size="xs" c="dimmed" ta="center">
        {t('auth.login.footer')}
      </Text>
    </Stack>
  );
}
