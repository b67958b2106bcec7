/** When a report was published: read from what each form carries, never guessed. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closingDate, isoDate, publishedLine } from './published.js';
import { parseFile, parseBytes } from './parse.js';

describe('publication dates', () => {
	it('are whole, real dates in any of their spellings', () => {
		expect(isoDate('2024-03-08 15:34')).toBe('2024-03-08');
		expect(isoDate('2025年1月20日')).toBe('2025-01-20');
		expect(isoDate('2025/2/30')).toBeNull();
		expect(isoDate('2025年1月')).toBeNull();
		expect(publishedLine('发布时间：2024-03-08', 'x')).toEqual({ date: '2024-03-08', source: 'x' });
		expect(publishedLine('统计期限自2023年1月1日起', 'x')).toBeNull();
		expect(closingDate(['……', '示例县人民政府办公室', '2025年1月20日'])).toEqual({ date: '2025-01-20', source: '报告末尾落款日期' });
		expect(closingDate(['本报告统计期限为2024年1月1日至2024年12月31日。'])).toBeNull();
	});

	it('come from a web archive’s header (real: pingtan-2023 was published on 8 March 2024)', async () => {
		expect((await parseFile('data/reports/real/pingtan-2023.txt')).published).toEqual({ date: '2024-03-08', source: '网页发布时间（存档页头）' });
	});

	it('never come from a file’s creation date, which says when a file was made, not published (real: 淮安市 2024, a PDF created 25 February 2025)', async () => {
		expect((await parseFile('data/reports/real/huaian-city-2024.pdf')).published?.source).not.toBe('PDF 文件创建日期');
		expect((await parseFile('src/lib/ingest/fixtures/dagan-chagan-2024.docx')).published).toBeNull();
	});

	it('come from a page’s meta tag or its 发布时间 line, and are null where nothing says', async () => {
		const html = readFileSync('data/reports/real/pingtan-2024.html', 'utf8');
		const withMeta = `<meta name="PubDate" content="2025-02-14 09:00">${html}`;
		expect((await parseBytes(new TextEncoder().encode(withMeta), 'x.html')).published).toEqual({ date: '2025-02-14', source: '网页元数据（PubDate）' });
		expect((await parseFile('data/reports/real/pingtan-2024.html')).published).toBeNull();
	});
});
