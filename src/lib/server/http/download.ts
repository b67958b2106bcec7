/** A generated document as a download: an attachment, never rendered, named in UTF-8. */
export function attachment(bytes: Uint8Array, filename: string, type: string): Response {
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="nianbao${filename.slice(filename.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'no-store'
		}
	});
}
