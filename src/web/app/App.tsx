import { useMemo } from 'react';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api';
import { AuthProvider } from './auth';
import { directionOf, isLanguage } from './i18n';
import { DirectionSync, LanguageSessionSync } from './language';
import { router } from './router';
import { buildTheme, cssVariablesResolver } from './theme';
import { AppDatesProvider } from '../ui/dateInput';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

function ThemedApp() {
  const { i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'fr';
  const theme = useMemo(() => buildTheme(lang), [lang]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <AppDatesProvider lang={lang}>
        <DirectionSync />
        <Notifications position="top-center" />
        <AuthProvider>
          <LanguageSessionSync />
          <RouterProvider router={router} />
        </AuthProvider>
      </AppDatesProvider>
    </MantineProvider>
  );
}

export function App({ initialLanguage }: { initialLanguage: string }) {
  const dir = isLanguage(initialLanguage) ? directionOf(initialLanguage) : 'ltr';
  return (
    <DirectionProvider initialDirection={dir} detectDirection>
      <QueryClientProvider client={queryClient}>
        <ThemedApp />
      </QueryClientProvider>
    </DirectionProvider>
  );
}
