/**
 * The app on a bad network: a page whose code cannot be loaded is retried, then explained in the app's own
 * words (offline: it loads by itself when the connection is back; online: a new version was probably installed,
 * so reloading fetches it); any other error of a page shows a calm message with a way back; and a banner says
 * when the device is offline.
 */
import { lazy, useEffect, useRef, useSyncExternalStore, type ComponentType } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether an error is a failed download of a code chunk (the wording differs between browsers). */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error ?? '');
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS|ChunkLoadError/i.test(message);
}

/** React.lazy whose import is tried again twice (after 0.5 s and 1.5 s) before the route's error page shows. */
export function lazyPage<T extends ComponentType<object>>(load: () => Promise<{ default: T }>) {
  return lazy(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await load();
      } catch (err) {
        if (attempt >= 2 || !isChunkLoadError(err) || !navigator.onLine) throw err;
        await wait(attempt === 0 ? 500 : 1500);
      }
    }
  });
}

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
}

/** Shown at the top of every page while the device has no connection. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  if (online) return null;
  return (
    <Alert color="orange" variant="light" mb="md" title={t('resilience.offlineTitle')} role="status" data-testid="offline-banner">
      {t('resilience.offlineBody')}
    </Alert>
  );
}

/** The error page of a route: the navigation stays, the message is the app's, and there is a way forward. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const online = useOnline();
  const chunk = isChunkLoadError(error);
  // The page's code could not be fetched while offline: load it as soon as the connection is back (never
  // automatically otherwise, so a broken deployment cannot make the page reload in a loop).
  const sawOffline = useRef(!navigator.onLine);
  useEffect(() => {
    if (!online) sawOffline.current = true;
    else if (chunk && sawOffline.current) window.location.reload();
  }, [chunk, online]);
  const kind = chunk ? (online ? 'newVersion' : 'offline') : 'unexpected';
  return (
    <Stack data-testid="route-error" data-kind={kind} maw={640}>
      <Alert color={kind === 'unexpected' ? 'red' : 'orange'} variant="light" title={t(`resilience.${kind}Title`)}>
        <Text size="sm">{t(`resilience.${kind}Body`)}</Text>
      </Alert>
      <Group>
        <Button onClick={() => window.location.reload()} disabled={!online} data-testid="route-error-reload">
          {t(kind === 'newVersion' ? 'resilience.reload' : 'common.retry')}
        </Button>
        <Button variant="default" component={Link} to="/" reloadDocument data-testid="route-error-home">
          {t('resilience.home')}
        </Button>
      </Group>
    </Stack>
  );
}
