/**
 * A map of Morocco's 12 regions with a number per region (e.g. services found), drawn from outlines
 * precomputed by scripts/region-paths.mjs (a few kilobytes). Regions are buttons when `onSelect` is given
 * (click or Enter/Space selects; selecting the selected region again clears it), and the same numbers are
 * offered as a table for screen readers and keyboard users. Geography is never mirrored right-to-left.
 */
import type { KeyboardEvent } from 'react';
import { Anchor, Box, Button, Table, Text } from '@mantine/core';
import { useReference } from '../app/reference';
import paths from './region-paths.json';
import classes from './RegionMap.module.css';

const SHADES = ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0'];
const EMPTY = '#f1f3f5';

export interface TRegionMapLabels {
  /** Accessible name of the map. */
  title: string;
  /** Summary of the table alternative ("Show as a table"). */
  table: string;
  regionColumn: string;
  valueColumn: string;
  /** "Tanger-Tétouan-Al Hoceïma: 3 services" (also the region button's name). */
  describe: (regionName: string, value: number) => string;
  /** Attribution of the outlines (ODbL). */
  attribution: string;
}

function fill(value: number, max: number): string {
  if (value <= 0 || max <= 0) return EMPTY;
  const i = Math.min(SHADES.length - 1, Math.ceil((value / max) * (SHADES.length - 1)));
  return SHADES[i]!;
}

export function RegionMap({
  values,
  labels,
  selected,
  onSelect,
  testId = 'region-map',
}: {
  values: Record<string, number>;
  labels: TRegionMapLabels;
  selected?: string | null;
  onSelect?: (code: string | null) => void;
  testId?: string;
}) {
  const ref = useReference();
  const max = Math.max(0, ...Object.values(values));
  const toggle = (code: string) => onSelect?.(selected === code ? null : code);
  const onKey = (e: KeyboardEvent, code: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(code);
    }
  };
  return (
    <Box data-testid={testId}>
      <svg viewBox={paths.viewBox} className={classes.map} role="group" aria-label={labels.title}>
        {paths.regions.map((r) => {
          const value = values[r.code] ?? 0;
          const name = labels.describe(ref.region(r.code), value);
          const isSelected = selected === r.code;
          return (
            <path
              key={r.code}
              d={r.d}
              fill={isSelected ? '#ffd8a8' : fill(value, max)}
              className={`${classes.region} ${isSelected ? classes.selected : ''} ${onSelect ? '' : classes.static}`}
              data-region={r.code}
              data-value={value}
              {...(onSelect
                ? { role: 'button', tabIndex: 0, 'aria-label': name, 'aria-pressed': isSelected, onClick: () => toggle(r.code), onKeyDown: (e: KeyboardEvent) => onKey(e, r.code) }
                : { role: 'img', 'aria-label': name })}
            >
              <title>{name}</title>
            </path>
          );
        })}
        {paths.regions.map((r) => (
          <text key={r.code} x={r.label[0]} y={r.label[1]} textAnchor="middle" dominantBaseline="central" className={classes.label} aria-hidden="true">
            {values[r.code] ?? 0}
          </text>
        ))}
      </svg>
      <Text size="xs" c="dimmed" ta="center" mt={4}>
        {labels.attribution}
      </Text>
      <details>
        <summary>
          <Anchor component="span" size="sm">
            {labels.table}
          </Anchor>
        </summary>
        <Table mt="xs" verticalSpacing={4} data-testid={`${testId}-table`}>
          <Table.Caption className="visually-hidden">{labels.title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{labels.regionColumn}</Table.Th>
              <Table.Th scope="col">{labels.valueColumn}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paths.regions.map((r) => (
              <Table.Tr key={r.code} data-region={r.code}>
                <Table.Th scope="row" fw={400}>
                  {onSelect ? (
                    <Button variant={selected === r.code ? 'light' : 'subtle'} size="compact-sm" onClick={() => toggle(r.code)} aria-pressed={selected === r.code}>
                      {ref.region(r.code)}
                    </Button>
                  ) : (
                    ref.region(r.code)
                  )}
                </Table.Th>
                <Table.Td className="ltr-value">{values[r.code] ?? 0}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Box>
  );
}
