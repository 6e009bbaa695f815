import { useEffect, useState } from 'react';
import { Anchor, Group, Paper } from '@mantine/core';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The case page's parts, in page order: the first section of each that is on the page is where its link goes. */
const PARTS: { key: string; ids: string[] }[] = [
  { key: 'overview', ids: ['person'] },
  { key: 'sameperson', ids: ['person-links'] },
  { key: 'identification', ids: ['identification-status'] },
  { key: 'needs', ids: ['screenings', 'risk'] },
  { key: 'referrals', ids: ['consent', 'referrals', 'received-referrals', 'pathway'] },
  { key: 'care', ids: ['careplan', 'conferences'] },
  { key: 'deadlines', ids: ['deadlines'] },
  { key: 'justice', ids: ['case-justice'] },
  { key: 'documents', ids: ['information-sheet', 'attachments'] },
  { key: 'rights', ids: ['subject-requests'] },
  { key: 'history', ids: ['history'] },
];

/**
 * A section navigator for the case page: one link per part, each with its own URL (`/cases/:id#referrals`), so a
 * link sent or bookmarked opens the right place; the part in view is marked as the current one. Parts the reader
 * has no section for (e.g. the history of a shared case) have no link.
 */
export function CaseNav({ ready }: { ready: boolean }) {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const [parts, setParts] = useState<{ key: string; id: string }[]>([]);
  const [current, setCurrent] = useState<string | null>(null);

  // Sections appear as their data arrives: the links follow the page (a mutation observer), and the part in
  // view is the last whose section has reached the reading line under the header.
  useEffect(() => {
    if (!ready) return;
    let frame = 0;
    const scan = () => {
      frame = 0;
      const found = PARTS.map((p) => ({ key: p.key, id: p.ids.find((id) => document.getElementById(id)) })).filter((p): p is { key: string; id: string } => !!p.id);
      setParts((old) => (old.map((p) => p.id).join() === found.map((p) => p.id).join() ? old : found));
      // The reading line: just under the sticky header and navigator. At the bottom of the page, the last part.
      const line = 160;
      let inView: string | null = null;
      for (const p of found) if (document.getElementById(p.id)!.getBoundingClientRect().top <= line) inView = p.key;
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      setCurrent(atBottom && found.length ? found[found.length - 1]!.key : (inView ?? found[0]?.key ?? null));
    };
    const later = () => { if (!frame) frame = requestAnimationFrame(scan); };
    scan();
    const observer = new MutationObserver(later);
    observer.observe(document.querySelector('main') ?? document.body, { childList: true, subtree: true });
    window.addEventListener('scroll', later, { passive: true });
    return () => {
      observer.disconnect();
      window.removeEventListener('scroll', later);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ready]);

  // A link with a part (#referrals) opens that part, once the page has its sections.
  const [opened, setOpened] = useState<string | null>(null);
  useEffect(() => {
    if (!ready || !hash || opened === hash) return;
    const part = PARTS.find((p) => p.key === hash.slice(1));
    const id = part?.ids.find((x) => document.getElementById(x));
    const el = id ? document.getElementById(id) : null;
    if (el) {
      el.scrollIntoView({ block: 'start' });
      el.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
      el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
      setOpened(hash);
    }
  }, [ready, hash, parts, opened]);

  if (parts.length < 2) return null;
  return (
    <Paper withBorder p="xs" component="nav" aria-label={t('cases.nav.label')} pos="sticky" top="var(--app-shell-header-offset, 0rem)" style={{ zIndex: 5 }} data-testid="case-nav">
      <Group gap="xs" wrap="wrap">
        {parts.map((p) => (
          <Anchor
            key={p.key}
            href={`#${p.key}`}
            size="sm"
            px="xs"
            py={4}
            fw={current === p.key ? 700 : 500}
            underline={current === p.key ? 'always' : 'hover'}
            aria-current={current === p.key ? 'location' : undefined}
            data-testid={`case-nav-${p.key}`}
          >
            {t(`cases.nav.${p.key}`)}
          </Anchor>
        ))}
      </Group>
    </Paper>
  );
}
