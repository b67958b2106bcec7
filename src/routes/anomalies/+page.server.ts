import { z } from 'zod';
import { RULES } from '$lib/checks/rules';
import { countsByRule, findingsInScope } from '$lib/server/queries/findings';
import type { PageServerLoad } from './$types';

const Rule = z.enum(RULES.map((r) => r.id) as [string, ...string[]]).catch('' as never);
const Severity = z.enum(['error', 'warning', 'info']).catch('' as never);

export const load: PageServerLoad = async ({ parent, url }) => {
	const { scope } = await parent();
	const rule = Rule.parse(url.searchParams.get('rule') ?? '') ?? '';
	const severity = Severity.parse(url.searchParams.get('severity') ?? '') ?? '';
	const [findings, counts] = await Promise.all([findingsInScope(scope, rule, severity), countsByRule(scope)]);
	return { rule, severity, findings, counts };
};
