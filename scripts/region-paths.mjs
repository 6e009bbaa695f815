#!/usr/bin/env node
/**
 * Precomputes the SVG outlines of Morocco's 12 regions for the web app's RegionMap
 * (src/web/ui/region-paths.json), so the browser downloads a few kilobytes instead of the 100 KB GeoJSON.
 *
 * Source: data/geo/morocco-regions.topojson (same shapes as the GeoJSON, with shared borders as arcs).
 * Each arc is projected (equirectangular, longitudes scaled by the cosine of the middle latitude),
 * simplified once with Douglas–Peucker and rounded to whole units, then the regions are assembled from
 * their arcs: neighbouring regions keep exactly the same border, with no gaps or overlaps.
 *
 * Usage: node scripts/region-paths.mjs [tolerance=1] [output=src/web/ui/region-paths.json]   (viewBox 1000 units high)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'data/geo/morocco-regions.topojson');
const target = path.resolve(process.argv[3] ?? path.join(root, 'src/web/ui/region-paths.json'));
const tolerance = Number(process.argv[2] ?? 1);

const topo = JSON.parse(fs.readFileSync(source, 'utf8'));
const { scale, translate } = topo.transform;

/** Delta-decoded, de-quantised arcs in [lon, lat]. */
const arcsLonLat = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
  });
});

let minLon = Infinity;
let maxLon = -Infinity;
let minLat = Infinity;
let maxLat = -Infinity;
for (const arc of arcsLonLat) {
  for (const [lon, lat] of arc) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
}
const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
const HEIGHT = 1000;
const unit = HEIGHT / (maxLat - minLat);
const WIDTH = Math.ceil((maxLon - minLon) * k * unit);
const project = ([lon, lat]) => [(lon - minLon) * k * unit, (maxLat - lat) * unit];

function perpendicular(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

/** Douglas–Peucker, iterative; keeps both ends (where arcs meet). */
function simplify(points, eps) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [s, e] = stack.pop();
    let max = 0;
    let idx = -1;
    for (let i = s + 1; i < e; i++) {
      const d = perpendicular(points[i], points[s], points[e]);
      if (d > max) {
        max = d;
        idx = i;
      }
    }
    if (idx >= 0 && max > eps) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const round = ([x, y]) => [Math.round(x), Math.round(y)];
const arcs = arcsLonLat.map((arc) => {
  const simplified = simplify(arc.map(project), tolerance).map(round);
  // drop repeated points after rounding
  return simplified.filter((p, i) => i === 0 || p[0] !== simplified[i - 1][0] || p[1] !== simplified[i - 1][1]);
});

/** A ring from its arc indexes (negative = reversed, TopoJSON's ~i). */
function ring(indexes) {
  const out = [];
  for (const i of indexes) {
    const arc = i >= 0 ? arcs[i] : [...arcs[~i]].reverse();
    out.push(...(out.length ? arc.slice(1) : arc));
  }
  return out;
}

/** Absolute first point, then relative moves: shorter text. */
function pathOf(rings) {
  return rings
    .map((r) => {
      const pts = r.slice(0, -1);
      let s = `M${pts[0][0]} ${pts[0][1]}`;
      for (let i = 1; i < pts.length; i++) {
        const dx = pts[i][0] - pts[i - 1][0];
        const dy = pts[i][1] - pts[i - 1][1];
        s += `l${dx}${dy < 0 ? '' : ' '}${dy}`;
      }
      return `${s}z`;
    })
    .join('');
}

/** Area-weighted centroid of the outer ring: where the count is written. */
function centroid(r) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < r.length - 1; i++) {
    const [x0, y0] = r[i];
    const [x1, y1] = r[i + 1];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  return [Math.round(cx / (3 * a)), Math.round(cy / (3 * a))];
}

const regions = topo.objects.regions.geometries.map((g) => {
  const polygons = g.type === 'Polygon' ? [g.arcs] : g.arcs;
  const rings = polygons.flatMap((p) => p.map(ring));
  return { code: g.properties.code, d: pathOf(rings), label: centroid(polygons[0].map(ring)[0]) };
});

const out = {
  source: 'data/geo/morocco-regions.topojson — © OpenStreetMap contributors (ODbL-1.0), simplified by scripts/region-paths.mjs',
  viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
  regions,
};
fs.writeFileSync(target, `${JSON.stringify(out)}\n`);
const bytes = fs.statSync(target).size;
console.log(`${path.relative(root, target)}: ${regions.length} regions, ${arcs.reduce((n, a) => n + a.length, 0)} points, ${bytes} bytes`);
