/**
 * An item's weekly projection drawn by hand as inline SVG: demand (forecast and booked orders)
 * and supply as bars, projected available balance (PAB) and available to promise (ATP) as
 * lines, the safety stock as a shaded band from zero, so a week whose PAB dips into the band
 * is seen at once. The same numbers follow in a table (the chart is an image to a screen reader).
 */
import { h, s, table } from './dom.js';

const W = 760;
const H = 320;
const M = { top: 20, right: 20, bottom: 56, left: 64 };

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function projectionChart(projection) {
  const weeks = Array.isArray(projection?.weeks) ? projection.weeks : [];
  if (weeks.length === 0) return h('p', { class: 'notice' }, 'No weeks in this projection.');
  const values = weeks.flatMap((w) => [num(w.forecast), num(w.booked), num(w.supply), num(w.pab), num(w.atp), num(w.safetyStock)]).filter((v) => v !== undefined);
  const hi = Math.max(1, ...values);
  const lo = Math.min(0, ...values);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const band = plotW / weeks.length;
  const y = (v) => M.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const xMid = (i) => M.left + band * i + band / 2;
  const barW = Math.max(2, band / 4);

  const ticks = 5;
  const grid = [];
  for (let t = 0; t <= ticks; t++) {
    const v = lo + ((hi - lo) * t) / ticks;
    grid.push(s('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, Math.round(v).toLocaleString('en')));
  }
  const safety = weeks.map((w, i) => ({ i, v: num(w.safetyStock) })).filter((p) => p.v !== undefined);
  const bandPath = safety.length ? `M ${M.left + band * safety[0].i} ${y(0)} ${safety.map((p) => `L ${M.left + band * p.i} ${y(p.v)} L ${M.left + band * (p.i + 1)} ${y(p.v)}`).join(' ')} L ${M.left + band * (safety.at(-1).i + 1)} ${y(0)} Z` : '';
  const line = (key) => {
    const pts = weeks.map((w, i) => [i, num(w[key])]).filter(([, v]) => v !== undefined);
    return pts.length ? pts.map(([i, v], k) => `${k ? 'L' : 'M'} ${xMid(i)} ${y(v)}`).join(' ') : '';
  };
  const bars = weeks.flatMap((w, i) => {
    const demand = (num(w.forecast) ?? 0) + (num(w.booked) ?? 0);
    const out = [];
    if (num(w.forecast) > 0) out.push(s('rect', { class: 'forecast', x: xMid(i) - barW - 1, y: y(num(w.forecast)), width: barW, height: Math.max(0, y(0) - y(num(w.forecast))) }, s('title', {}, `${w.week}: forecast ${w.forecast}`)));
    if (num(w.booked) > 0) out.push(s('rect', { class: 'booked', x: xMid(i) - barW - 1, y: y(demand), width: barW, height: Math.max(0, y(num(w.forecast) ?? 0) - y(demand)) }, s('title', {}, `${w.week}: booked ${w.booked}`)));
    if (num(w.supply) > 0) out.push(s('rect', { class: 'supply', x: xMid(i) + 1, y: y(num(w.supply)), width: barW, height: Math.max(0, y(0) - y(num(w.supply))) }, s('title', {}, `${w.week}: supply ${w.supply}`)));
    return out;
  });
  const labels = weeks.map((w, i) => s('text', { x: xMid(i), y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, String(w.week ?? i + 1).replace(/^\d{4}-/, '')));
  const legend = [
    ['forecast', 'Forecast demand'],
    ['booked', 'Booked orders'],
    ['supply', 'Supply'],
    ['pab', 'PAB'],
    ['atp', 'ATP'],
    ['safety', 'Safety stock'],
  ].map(([cls, label], k) => s('g', { transform: `translate(${M.left + k * 115}, ${H - 18})` }, s('rect', { class: `key ${cls}`, width: 12, height: 12, y: -10 }), s('text', { x: 16, class: 'tick' }, label)));

  const title = `Weekly projection of item ${projection.item ?? ''}`.trim();
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart' },
    s('title', { id: 'chart-title' }, title),
    s('desc', { id: 'chart-desc' }, `${weeks.length} weeks: bars of forecast and booked demand and of supply; lines of projected available balance and available to promise; the shaded band is the safety stock. The table below has the numbers.`),
    grid,
    bandPath ? s('path', { d: bandPath, class: 'safety' }) : null,
    s('line', { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: 'axis' }),
    bars,
    s('path', { d: line('pab'), class: 'pab line' }),
    s('path', { d: line('atp'), class: 'atp line' }),
    weeks.map((w, i) => (num(w.pab) !== undefined ? s('circle', { cx: xMid(i), cy: y(num(w.pab)), r: 3, class: num(w.safetyStock) !== undefined && w.pab < w.safetyStock ? 'pab below' : 'pab' }, s('title', {}, `${w.week}: PAB ${w.pab}`)) : null)),
    labels,
    legend,
  );
  const fmt = (v) => (num(v) === undefined ? '—' : v.toLocaleString('en'));
  return h(
    'figure',
    { class: 'projection' },
    svg,
    h('figcaption', {}, title),
    table(
      `Numbers of the projection of ${projection.item ?? 'the item'}`,
      ['Week', 'Forecast', 'Booked', 'Supply', 'PAB', 'ATP', 'Safety stock'],
      weeks.map((w) => [String(w.week), fmt(w.forecast), fmt(w.booked), fmt(w.supply), fmt(w.pab), fmt(w.atp), fmt(w.safetyStock)]),
    ),
  );
}
