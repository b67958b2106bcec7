import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive Debian's Chromium (Playwright cannot download its own browsers here).
 * CHROMIUM_PATH overrides the path. The app is the production build served by adapter-node.
 */
const port = Number(process.env.TEST_PORT ?? 4173);
// The season is counted from a fixed day (the servers and ingests the tests start inherit it).
process.env.NIANBAO_TODAY ??= '2026-12-07';

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	reporter: process.env.CI ? 'list' : 'line',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		viewport: { width: 1280, height: 800 },
		locale: 'zh-CN',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	webServer: {
		// The app as `npm start` serves it, on a database of its own built from data/reports.
		// A workbench of its own, new each run: the tests add their accounts through `npm run user`.
		command: `node node_modules/vite/bin/vite.js build --logLevel warn && node_modules/.bin/tsx src/cli/ingest.ts data/reports tests/fixtures/reports --db test-results/e2e.duckdb && rm -rf test-results/e2e-workbench.duckdb* && node build`,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			BODY_SIZE_LIMIT: '260M',
			NIANBAO_DB: 'test-results/e2e.duckdb',
			NIANBAO_WORKBENCH: 'test-results/e2e-workbench.duckdb'
		},
		url: `http://127.0.0.1:${port}/`,
		timeout: 180_000,
		reuseExistingServer: false
	}
});
