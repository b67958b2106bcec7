import { describe, expect, it } from 'vitest';
import { passage } from './passage.js';

const text = (p: ReturnType<typeof passage>) => p.parts.map((x) => (x.match ? `[${x.text}]` : x.text)).join('');

describe('a text hit as a passage', () => {
	it('marks every match, in any case', () => {
		const p = passage('开通APP，app 与 App 均可', 'app', false, false);
		expect(text(p)).toBe('开通[APP]，[app] 与 [App] 均可');
		expect([p.more_before, p.more_after]).toEqual([false, false]);
	});

	it('keeps to the paragraph of the first match, and says where the text goes on', () => {
		const p = passage('上一段。\n本段开头，收到行政复议申请3件，结尾。\n下一段', '行政复议', false, false);
		expect(text(p)).toBe('本段开头，收到[行政复议]申请3件，结尾。');
		expect([p.more_before, p.more_after]).toEqual([false, false]);
		const cut = passage('甲乙丙丁行政复议戊己', '行政复议', true, true, 2);
		expect(text(cut)).toBe('丙丁[行政复议]戊己');
		expect([cut.more_before, cut.more_after]).toEqual([true, true]);
	});

	it('a hostile text stays text: the parts are strings, a regex sign in the query is a character', () => {
		const p = passage('正文里写着 <script>alert(1)</script> 字样', '<script>', false, false);
		expect(p.parts).toEqual([
			{ text: '正文里写着 ', match: false },
			{ text: '<script>', match: true },
			{ text: 'alert(1)</script> 字样', match: false }
		]);
		expect(text(passage('a.b(c)*', '(c)*', false, false))).toBe('a.b[(c)*]');
	});

	it('counts characters outside the BMP as one, as the database does', () => {
		expect(text(passage('𠀀𠀀𠀀𠀀甲乙', '甲', false, false, 2))).toBe('𠀀𠀀[甲]乙');
	});
});
