// Every ECharts series type a page draws must be registered in src/web/components/EChart.tsx, which
// loads only the parts used (issue 17: the compliance trend used a line series while only the bar
// chart was registered, so the chart was blank for everyone and nothing failed).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const web = path.resolve(import.meta.dirname, '../src/web');
const SERIES = ['line', 'bar', 'pie', 'scatter', 'effectScatter', 'radar', 'heatmap', 'gauge', 'funnel', 'sankey', 'boxplot', 'candlestick', 'treemap', 'sunburst', 'pictorialBar', 'themeRiver'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('ECharts registry (issue 17)', () => {
  it('registers every series type the pages use', () => {
    const registry = readFileSync(path.join(web, 'components/EChart.tsx'), 'utf8');
    const used = new Map<string, string>();
    for (const f of files(web)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/type:\s*'(\w+)'/g)) {
        if (SERIES.includes(m[1])) used.set(m[1], path.relative(web, f));
      }
    }
    expect(used.size).toBeGreaterThan(0);
    const missing = [...used].filter(([t]) => !new RegExp(`\\b${t[0].toUpperCase()}${t.slice(1)}Chart\\b`).test(registry));
    expect(missing).toEqual([]);
  });
});
