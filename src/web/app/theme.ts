import { Badge, createTheme, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';
import type { TLanguage } from '../../contract/auth';

const LATIN = "'Noto Sans', 'Noto Sans Arabic', system-ui, -apple-system, 'Segoe UI', sans-serif";
const ARABIC = "'Noto Sans Arabic', 'Noto Sans', system-ui, -apple-system, 'Segoe UI', sans-serif";

/** Calm, high-contrast theme (shade 8 keeps white text on the primary colour above 4.5:1). */
export function buildTheme(lang: TLanguage): MantineThemeOverride {
  const fontFamily = lang === 'ar' ? ARABIC : LATIN;
  return createTheme({
    primaryColor: 'blue',
    primaryShade: { light: 8, dark: 8 },
    fontFamily,
    headings: { fontFamily, fontWeight: '700' },
    defaultRadius: 'md',
    cursorType: 'pointer',
    // people who ask their system for less motion get none (and notifications appear at once, never half-faded)
    respectReducedMotion: true,
    focusRing: 'auto',
    components: {
      // long labels ("Recovery and reflection period") wrap instead of being cut
      Badge: Badge.extend({
        styles: {
          root: { height: 'auto', minHeight: 20, paddingBlock: 2, maxWidth: '100%' },
          label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 },
        },
      }),
    },
  });
}

/** Darker "dimmed" and error colours than Mantine's defaults, for WCAG AA contrast on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': '#6c757d',
    // "light" variants (alerts, light badges) use shade 6 text by default, which is too pale on tinted backgrounds
    '--mantine-color-orange-light-color': '#a63c06',
    '--mantine-color-green-light-color': '#1e6b34',
    '--mantine-color-red-light-color': '#b02525',
    '--mantine-color-teal-light-color': '#0b6e5f',
    '--mantine-color-grape-light-color': '#862e9c',
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-0)',
    '--mantine-color-red-light-hover': 'var(--mantine-color-red-0)',
  },
  dark: {},
});
