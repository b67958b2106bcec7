/** The audit log's filters, from a URL (the admin page, GET /api/audit). */
import { z } from 'zod';

export const AuditQuery = z.object({
	actor: z.string().max(100).optional().catch(undefined),
	action: z.string().max(50).optional().catch(undefined),
	target: z.string().max(100).optional().catch(undefined),
	limit: z.coerce.number().int().min(1).max(1000).optional().catch(undefined)
});
