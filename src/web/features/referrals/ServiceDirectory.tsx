/**
 * The services directory: filters (need, region, language, adults or children, only with a free place,
 * words), the matching services with their capacity, and the map of regions. Used by the directory page
 * and, without the map, by the "refer to a service" flow (with a "choose" button on each service).
 */
import { Fragment, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Grid, Group, NativeSelect, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SERVICE_TYPES } from '../../../contract/referrals';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useReference } from '../../app/reference';
import { DataList } from '../../ui/DataList';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notifySuccess } from '../../ui/notify';
import { Loading } from '../../ui/Page';
import { RegionMap } from '../../ui/RegionMap';
import { useFormat } from '../../ui/useFormat';
import { useServices, useUpdateCapacity, type TService, type TServiceParams } from './api';
import { CAPACITY_ROLES } from './roles';
import { useRelativeTime } from './shared';

export interface TServiceFilters {
  type: string;
  regionCode: string;
  language: string;
  audience: '' | 'adults' | 'children';
  available: boolean;
  q: string;
}

export const EMPTY_FILTERS: TServiceFilters = { type: '', regionCode: '', language: '', audience: '', available: false, q: '' };

export function toQuery(f: TServiceFilters, widen = false): TServiceParams {
  return {
    widen: widen && f.regionCode ? 'true' : undefined,
    type: (f.type || undefined) as TServiceParams['type'],
    regionCode: f.regionCode || undefined,
    language: f.language || undefined,
    audience: f.audience || undefined,
    available: f.available ? 'true' : undefined,
    q: f.q.trim().length >= 2 ? f.q.trim() : undefined,
    limit: 100,
  };
}

export function CapacityBadge({ service }: { service: TService }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  if (service.capacityTotal === null) {
    return (
      <Badge color="gray.8" variant="outline" bg="white" tt="none" data-testid="service-capacity" data-available="">
        {t('referrals.services.capacity.notCounted')}
      </Badge>
    );
  }
  const free = service.capacityAvailable ?? 0;
  const updated = service.capacityUpdatedAt ? t('referrals.services.capacity.updated', { when: relative(service.capacityUpdatedAt) }) : '';
  return (
    <Badge color={free > 0 ? '#237032' : 'red.9'} variant="filled" tt="none" data-testid="service-capacity" data-available={free} style={{ height: 'auto', whiteSpace: 'normal' }}>
      {t('referrals.services.capacity.free', { n: free, total: service.capacityTotal })}
      {updated && ` · ${updated}`}
    </Badge>
  );
}

/** "Update free places": the provider says how many places are free now. */
function CapacityControl({ service }: { service: TService }) {
  const { t } = useTranslation();
  const update = useUpdateCapacity();
  const [value, setValue] = useState<number | string>(service.capacityAvailable ?? 0);
  const save = () =>
    update.mutate(
      { id: service.id, version: service.version, available: typeof value === 'number' ? value : Number(value) || 0 },
      { onSuccess: () => notifySuccess(t('referrals.services.capacity.saved', { name: service.name })) },
    );
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <NumberInput
          label={t('referrals.services.capacity.freeNow')}
          value={value}
          onChange={setValue}
          min={0}
          max={service.capacityTotal ?? undefined}
          allowDecimal={false}
          allowNegative={false}
          maw={140}
          data-testid="capacity-input"
        />
        <Button variant="outline" onClick={save} loading={update.isPending} data-testid="capacity-save">
          {t('referrals.services.capacity.update')}
        </Button>
      </Group>
      {update.error && (isApiError(update.error) && update.error.code === 'VERSION_CONFLICT' ? <Text size="sm" c="red.9">{t('referrals.services.capacity.conflict')}</Text> : <ErrorAlert error={update.error} />)}
    </Stack>
  );
}

/** How the case's consents stand for a service (referral flow only): shown on the card before choosing. */
export type TConsentHint = 'covered' | 'needed';

/**
 * A service as a compact card (about 120 px high, so four or more fit on a 1280×800 screen): name, need,
 * free places and, on one line, the organisation, the languages, the region (the nearest one in a region
 * search) and its distance. The rest (conditions, staff, access, hours, contact) unfolds under "details".
 */
export function ServiceCard({
  service,
  onChoose,
  onEdit,
  chooseLabel,
  consentHint,
  level = 3,
}: {
  service: TService;
  onChoose?: (s: TService) => void;
  onEdit?: (s: TService) => void;
  chooseLabel?: string;
  consentHint?: TConsentHint;
  level?: 3 | 4 | 5;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const { hasRole } = useAuth();
  const capacity = service.own && !onChoose && service.capacityTotal !== null && hasRole(CAPACITY_ROLES);
  const headingId = `service-${service.id}-title`;
  const eligibility = [
    t(`referrals.audiences.${service.audience}`),
    service.sexes.length ? fmt.list(service.sexes.map((s) => t(`sex.${s}`))) : '',
    service.minAge !== null || service.maxAge !== null ? t('referrals.services.ages', { min: service.minAge ?? 0, max: service.maxAge ?? '—' }) : '',
    service.nationalities.length ? fmt.list(service.nationalities.map((c) => ref.country(c))) : '',
  ].filter(Boolean);
  const region = service.nearestRegionCode
    ? ref.region(service.nearestRegionCode)
    : service.regions.length >= 12
      ? t('referrals.services.allRegions')
      : fmt.list(service.regions.map((r) => ref.region(r)));
  const distance =
    service.distanceKm === undefined ? null : service.distanceKm === 0 ? t('referrals.services.inRegion') : t('referrals.services.distance', { km: service.distanceKm });
  const facts = [
    { key: 'organisation', text: service.organisation.name, auto: true },
    { key: 'languages', text: `${t('referrals.services.languagesShort')} ${fmt.list(service.languages.map((l) => ref.language(l)))}` },
    { key: 'region', text: region },
    ...(distance ? [{ key: 'distance', text: distance }] : []),
  ];
  return (
    <Paper withBorder px="sm" py={8} component="article" aria-labelledby={headingId} data-testid="service-card" data-service-id={service.id} data-own={service.own} data-distance={service.distanceKm ?? ''}>
      <Group justify="space-between" align="center" gap="xs" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap" align="center">
            <Title order={level} size="h6" id={headingId} data-testid="service-name" dir="auto">
              {service.name}
            </Title>
            <Badge color="indigo.9" variant="outline" bg="white" tt="none" size="sm">
              {t(`referrals.serviceTypes.${service.type}`)}
            </Badge>
            {!service.active && (
              <Badge color="gray.8" variant="filled" tt="none" size="sm">
                {t('referrals.services.inactive')}
              </Badge>
            )}
          </Group>
          <Text size="sm" data-testid="service-facts">
            {facts.map((f, i) => (
              <Fragment key={f.key}>
                {i > 0 && ' · '}
                <span data-testid={`service-card-${f.key}`}>{f.auto ? <bdi>{f.text}</bdi> : f.text}</span>
              </Fragment>
            ))}
          </Text>
          <Group gap="xs" wrap="wrap">
            <CapacityBadge service={service} />
            {consentHint && (
              <Badge color={consentHint === 'covered' ? '#237032' : 'gray.8'} variant="outline" bg="white" tt="none" data-testid="service-consent" data-consent={consentHint}>
                {t(`referrals.services.consent.${consentHint}`)}
              </Badge>
            )}
          </Group>
        </Stack>
        {onChoose && (
          <Button onClick={() => onChoose(service)} disabled={!service.active} aria-label={`${chooseLabel ?? t('referrals.refer.choose')} — ${service.name}`} data-testid="service-choose">
            {chooseLabel ?? t('referrals.refer.choose')}
          </Button>
        )}
      </Group>
      <details data-testid="service-details">
        <summary>
          <Text span size="sm" c="blue.9" td="underline">
            {t('referrals.services.details')}
          </Text>
        </summary>
        <Stack gap="xs" mt="xs">
          {service.description && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir="auto">
              {service.description}
            </Text>
          )}
          <DataList
            items={[
              { label: t('referrals.services.regions'), value: fmt.list(service.regions.map((r) => ref.region(r))) },
              { label: t('referrals.services.eligibility'), value: fmt.list(eligibility) },
              { label: t('referrals.services.staffSexes'), value: service.staffSexes.length ? fmt.list(service.staffSexes.map((s) => t(`sex.${s}`))) : '' },
              { label: t('referrals.services.accessibility'), value: fmt.list(service.accessibility.map((a) => t(`referrals.accessibility.${a}`))) },
              { label: t('referrals.services.openingHours'), value: service.openingHours ? <bdi>{service.openingHours}</bdi> : '' },
              {
                label: t('referrals.services.contact'),
                value: [service.contactPhone, service.contactEmail].filter(Boolean).length ? (
                  <span className="ltr-value">{[service.contactPhone, service.contactEmail].filter(Boolean).join(' · ')}</span>
                ) : (
                  ''
                ),
              },
            ]}
          />
        </Stack>
      </details>
      {(capacity || (service.own && onEdit)) && (
        <Group justify="space-between" align="flex-end" mt="xs" gap="sm">
          {capacity ? <CapacityControl key={service.version} service={service} /> : <span />}
          {service.own && onEdit && (
            <Button variant="subtle" onClick={() => onEdit(service)} aria-label={t('referrals.services.editFor', { name: service.name })} data-testid="service-edit">
              {t('common.edit')}
            </Button>
          )}
        </Group>
      )}
    </Paper>
  );
}

function Filters({ value, onChange, level }: { value: TServiceFilters; onChange: (f: TServiceFilters) => void; level: 2 | 3 | 4 }) {
  const { t } = useTranslation();
  const ref = useReference();
  const set = (patch: Partial<TServiceFilters>) => onChange({ ...value, ...patch });
  const [q, setQ] = useState(value.q);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="service-filters-title">
      <Title order={level} size="h5" id="service-filters-title" mb="sm">
        {t('referrals.services.filters.title')}
      </Title>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q });
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <NativeSelect label={t('referrals.services.filters.need')} value={value.type} onChange={(e) => set({ type: e.currentTarget.value })} data-testid="service-filter-type">
            <option value="">{t('referrals.services.filters.anyNeed')}</option>
            {SERVICE_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`referrals.serviceTypes.${s}`)}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect label={t('referrals.services.filters.region')} value={value.regionCode} onChange={(e) => set({ regionCode: e.currentTarget.value })} data-testid="service-filter-region">
            <option value="">{t('referrals.services.filters.anyRegion')}</option>
            {ref.regions.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </NativeSelect>
          <Select
            label={t('referrals.services.filters.language')}
            data={ref.languages}
            value={value.language || null}
            onChange={(v) => set({ language: v ?? '' })}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            placeholder={t('referrals.services.filters.anyLanguage')}
            data-testid="service-filter-language"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="service-filter-audience-label">
              {t('referrals.services.filters.audience')}
            </Text>
            <SegmentedControl
              value={value.audience || 'any'}
              onChange={(v) => set({ audience: v === 'adults' || v === 'children' ? v : '' })}
              data={[
                { value: 'any', label: t('referrals.services.filters.anyAudience') },
                { value: 'adults', label: t('referrals.audiences.adults') },
                { value: 'children', label: t('referrals.audiences.children') },
              ]}
              aria-labelledby="service-filter-audience-label"
              data-testid="service-filter-audience"
            />
          </Stack>
          <TextInput
            label={t('referrals.services.filters.words')}
            description={t('referrals.services.filters.wordsHelp')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            onBlur={() => q !== value.q && set({ q })}
            type="search"
            data-testid="service-filter-q"
          />
          <Checkbox
            label={t('referrals.services.filters.available')}
            description={t('referrals.services.filters.availableHelp')}
            checked={value.available}
            onChange={(e) => set({ available: e.currentTarget.checked })}
            mt={{ base: 0, sm: 'lg' }}
            data-testid="service-filter-available"
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm" gap="xs">
          <Button variant="default" onClick={() => {
            setQ('');
            onChange(EMPTY_FILTERS);
          }} data-testid="service-filter-reset">
            {t('common.reset')}
          </Button>
          <Button type="submit" data-testid="service-filter-apply">
            {t('referrals.services.filters.search')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

export function ServiceDirectory({
  filters,
  onFiltersChange,
  withMap,
  onChoose,
  onEdit,
  chooseLabel,
  widen,
  consentHint,
  level = 2,
}: {
  level?: 2 | 3 | 4;
  /** With a region: when it has no matching service, show those of the nearest regions (and say so). */
  widen?: boolean;
  consentHint?: (s: TService) => TConsentHint | undefined;
  filters: TServiceFilters;
  onFiltersChange: (f: TServiceFilters) => void;
  withMap?: boolean;
  onChoose?: (s: TService) => void;
  onEdit?: (s: TService) => void;
  chooseLabel?: string;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const fmt = useFormat();
  const query = useServices(toQuery(filters, widen));
  const items = query.data?.items ?? [];
  const widened = query.data?.widened ?? null;
  // The map counts every region: with a region chosen, its numbers come from the same search without it.
  const mapQuery = useServices({ ...toQuery({ ...filters, regionCode: '' }), limit: 1 }, !!withMap && !!filters.regionCode);
  const byRegion = (filters.regionCode ? mapQuery.data : query.data)?.byRegion ?? [];
  const values = Object.fromEntries(byRegion.map((r) => [r.regionCode, r.services]));
  const results = (
    <section aria-labelledby="service-results-title">
      <Text component={`h${level}`} fw={700} size="md" id="service-results-title" mb="xs" aria-live="polite" data-testid="service-results-title">
        {t('referrals.services.results', { n: items.length })}
      </Text>
      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Alert color="blue" variant="light" data-testid="service-none">
          {widened ? t('referrals.services.noneAnywhere') : t('referrals.services.none')}
        </Alert>
      ) : (
        <Stack gap="xs">
          {widened && (
            <Alert color="blue" variant="light" role="note" data-testid="service-widened" data-from-region={widened.fromRegionCode}>
              <Text size="sm" fw={600}>
                {filters.type
                  ? t('referrals.services.widened.type', { type: t(`referrals.serviceTypes.${filters.type}`), region: ref.region(widened.fromRegionCode) })
                  : t('referrals.services.widened.any', { region: ref.region(widened.fromRegionCode) })}
              </Text>
              <Text size="sm" data-testid="service-widened-regions">
                {fmt.list(widened.regions.map((r) => t('referrals.services.widened.region', { region: ref.region(r.regionCode), km: r.distanceKm })))}
              </Text>
            </Alert>
          )}
          <Stack gap="xs" data-testid="service-list" data-widened={widened ? 'true' : 'false'}>
            {items.map((s) => (
              <ServiceCard key={s.id} service={s} onChoose={onChoose} onEdit={onEdit} chooseLabel={chooseLabel} consentHint={consentHint?.(s)} level={(level + 1) as 3 | 4 | 5} />
            ))}
          </Stack>
        </Stack>
      )}
    </section>
  );
  return (
    <Stack gap="md">
      <Filters value={filters} onChange={onFiltersChange} level={level} />
      {withMap ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            {results}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder p="md" component="section" aria-labelledby="service-map-title">
              <Title order={2} size="h5" id="service-map-title" mb={4}>
                {t('referrals.services.map.title')}
              </Title>
              <Text size="sm" mb="xs">
                {t('referrals.services.map.help')}
              </Text>
              <MapOfServices values={values} selected={filters.regionCode || null} onSelect={(code) => onFiltersChange({ ...filters, regionCode: code ?? '' })} />
            </Paper>
          </Grid.Col>
        </Grid>
      ) : (
        results
      )}
    </Stack>
  );
}

function MapOfServices({ values, selected, onSelect }: { values: Record<string, number>; selected: string | null; onSelect: (code: string | null) => void }) {
  const { t } = useTranslation();
  return (
    <RegionMap
      values={values}
      selected={selected}
      onSelect={onSelect}
      labels={{
        title: t('referrals.services.map.title'),
        table: t('referrals.services.map.table'),
        regionColumn: t('referrals.services.map.region'),
        valueColumn: t('referrals.services.map.services'),
        describe: (name, n) => t('referrals.services.map.describe', { region: name, n }),
        attribution: t('referrals.services.map.attribution'),
      }}
    />
  );
}
