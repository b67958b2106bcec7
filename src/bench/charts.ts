/** Server render time per chart: ECharts SSR to SVG, and SVG to PNG (2×) drawn by Skia with the CJK font. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHARTS } from '../lib/charts/defs/index.js';
import { renderPng, renderSvg } from '../lib/server/charts/render.js';
import { chartInput, drawChart, IMAGE_WIDTH } from '../lib/server/charts/serve.js';
import { exportHeight, exportOption, sourceLine } from '../lib/charts/options.js';
import { resolveScope } from '../lib/server/queries/scope.js';
import { ranking } from '../lib/server/queries/compare.js';
import { quantile } from './measure.js';

export async function benchCharts(): Promise<string[]> {
	const db = path.resolve(process.env.NIANBAO_DB ?? 'data/nianbao.duckdb');
	if (!existsSync(db)) return [`Chart rendering: ${db} missing (run npm start or npm run ingest first)`];
	process.env.NIANBAO_DB = db;
	const scope = await resolveScope({});
	// The agency trend of the agency with most applications.
	const agency = String((await ranking(scope, 'new_received', 1)).rows[0]?.agency_id ?? 1);
	const out = ['Server render time per chart (median of 10; targets SVG ≤ 100 ms, PNG ≤ 300 ms):'];
	for (const def of CHARTS) {
		const { title, built } = drawChart(def, await chartInput(def, scope, { agency }));
		const option = exportOption(built.option, { title, subtitle: '', source: sourceLine(scope.generated), notes: built.notes });
		const height = exportHeight(built.height, built.notes.length);
		const svgT: number[] = [];
		const pngT: number[] = [];
		for (let i = 0; i < 12; i++) {
			let t = performance.now();
			const svg = renderSvg(option, IMAGE_WIDTH, height);
			if (i >= 2) svgT.push(performance.now() - t);
			t = performance.now();
			renderPng(svg, 2);
			if (i >= 2) pngT.push(performance.now() - t);
		}
		svgT.sort((a, b) => a - b);
		pngT.sort((a, b) => a - b);
		out.push(`  ${def.name.padEnd(20)} SVG ${quantile(svgT, 0.5).toFixed(1).padStart(6)} ms   PNG ${quantile(pngT, 0.5).toFixed(1).padStart(6)} ms`);
	}
	return out;
}
