/** GET /api/problems.xlsx?region=&year=: the 问题清单 of a region and year, as Excel (reviewers and admins). */
import { host } from '$lib/server/db';
import { authorize } from '$lib/server/auth/roles';
import { parseFilters } from '$lib/filters';
import { resolveScope } from '$lib/server/queries/scope';
import { findingsInScope } from '$lib/server/queries/findings';
import { rosterCounts, rosterEntries } from '$lib/server/queries/roster';
import { historyOf } from '$lib/server/workbench/reviews';
import { problemsWorkbook } from '$lib/server/documents/problems';
import { api } from '$lib/server/http/api';
import { attachment } from '$lib/server/http/download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		authorize(locals.user, 'notice');
		const scope = await resolveScope(parseFilters(url));
		const findings = await findingsInScope(scope, { state: 'all', limit: 20_000 }, { notes: true });
		const history = await (
			await host()
		).read((c) =>
			historyOf(
				c,
				findings.map((f) => f.id)
			)
		);
		const name = `${scope.year}年-${scope.region.split('/').pop()}-问题清单`;
		const roster = { counts: await rosterCounts(scope), entries: await rosterEntries(scope) };
		const bytes = problemsWorkbook(findings, history, url.origin, `${scope.region} ${scope.year}年度政府信息公开工作年度报告问题清单`, roster);
		return attachment(bytes, `${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	});
