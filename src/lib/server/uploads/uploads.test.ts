import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { MAX_ZIP_ENTRIES, UploadRefused, climbsOut, unpack } from './unpack.js';
import { AgencyMatcher, judge, type JudgeContext } from './match.js';
import type { Report } from '../../report/schema.js';

const u32 = (b: Uint8Array, o: number, v: number) => {
	b[o] = v & 0xff;
	b[o + 1] = (v >>> 8) & 0xff;
	b[o + 2] = (v >>> 16) & 0xff;
	b[o + 3] = (v >>> 24) & 0xff;
};
/** Rewrites every declared uncompressed size (local headers and central directory) of a one-entry zip. */
function lie(zip: Uint8Array, size: number) {
	for (let i = 0; i < zip.length - 4; i++) {
		const sig = zip[i] | (zip[i + 1] << 8) | (zip[i + 2] << 16) | (zip[i + 3] << 24);
		if (sig === 0x04034b50) u32(zip, i + 22, size);
		if (sig === 0x02014b50) u32(zip, i + 24, size);
	}
	return zip;
}
const u16 = (b: Uint8Array, o: number, v: number) => {
	b[o] = v & 0xff;
	b[o + 1] = (v >>> 8) & 0xff;
};
const refused = (f: () => unknown, re: RegExp) => {
	expect(f).toThrow(UploadRefused);
	expect(f).toThrow(re);
};

describe('upload bounds', () => {
	it('expands a zip of reports, skipping folders and a Mac’s resource forks', () => {
		const zip = zipSync({ 'a/r1.txt': strToU8('一'), 'a/r2.html': strToU8('二'), '__MACOSX/a/._r1.txt': strToU8('x') });
		const out = unpack([{ name: 'batch.zip', bytes: zip }]);
		expect(out.map((f) => f.name)).toEqual(['a/r1.txt', 'a/r2.html']);
		expect(new TextDecoder().decode(out[1].bytes)).toBe('二');
	});

	it('refuses a zip bomb whose headers lie, while inflating', () => {
		const zip = lie(zipSync({ 'bomb.txt': new Uint8Array(30 * 1024 * 1024) }, { level: 9 }), 1000);
		expect(zip.length).toBeLessThan(100_000);
		refused(() => unpack([{ name: 'bomb.zip', bytes: zip }]), /压缩炸弹/);
	});

	it('refuses a zip that declares more than 200 MB', () => {
		const zip = lie(zipSync({ 'big.txt': new Uint8Array(1000) }), 201 * 1024 * 1024);
		refused(() => unpack([{ name: 'big.zip', bytes: zip }]), /解压后超过 200 MB/);
	});

	it('refuses a zip whose entries overlap (one stream inflated by each of 200 entries)', () => {
		const one = zipSync({ 'a.txt': strToU8('报告'.repeat(20000)) });
		// The central directory's one record, repeated under 200 names, all at the same data.
		const eocd = one.length - 22;
		const cdOffset = one[eocd + 16] | (one[eocd + 17] << 8) | (one[eocd + 18] << 16) | (one[eocd + 19] << 24);
		const record = one.slice(cdOffset, eocd);
		const records = Array.from({ length: 200 }, () => record);
		const end = one.slice(eocd);
		const zip = new Uint8Array(cdOffset + records.length * record.length + end.length);
		zip.set(one.subarray(0, cdOffset));
		records.forEach((r, i) => zip.set(r, cdOffset + i * record.length));
		const eocdAt = cdOffset + records.length * record.length;
		zip.set(end, eocdAt);
		u16(zip, eocdAt + 8, 200);
		u16(zip, eocdAt + 10, 200);
		u32(zip, eocdAt + 12, records.length * record.length);
		refused(() => unpack([{ name: 'overlap.zip', bytes: zip }]), /相互重叠/);
	});

	it('refuses a zip of 1,001 entries', () => {
		const files: Record<string, Uint8Array> = {};
		for (let i = 0; i <= MAX_ZIP_ENTRIES; i++) files[`f${i}.txt`] = strToU8('x');
		refused(() => unpack([{ name: 'many.zip', bytes: zipSync(files) }]), /条目超过 1000 个/);
	});

	it('refuses more than 200 files, in a zip or not', () => {
		const files: Record<string, Uint8Array> = {};
		for (let i = 0; i < 201; i++) files[`f${i}.txt`] = strToU8('x');
		refused(() => unpack([{ name: 'z.zip', bytes: zipSync(files) }]), /最多上传 200 个/);
		refused(() => unpack(Array.from({ length: 201 }, (_, i) => ({ name: `${i}.txt`, bytes: strToU8('x') }))), /最多上传 200 个/);
	});

	it('refuses paths that climb out', () => {
		refused(() => unpack([{ name: 'evil.zip', bytes: zipSync({ '../x.txt': strToU8('x') }) }]), /越出目录/);
		refused(() => unpack([{ name: 'evil.zip', bytes: zipSync({ 'a/../../x.txt': strToU8('x') }) }]), /越出目录/);
		for (const n of ['../x.txt', '/etc/passwd', 'C:\\x.txt', 'a\\..\\..\\x']) expect(climbsOut(n)).toBe(true);
		for (const n of ['x.txt', 'a/b..c.txt', '报告/2024.txt']) expect(climbsOut(n)).toBe(false);
	});

	it('refuses what is not a zip', () => {
		refused(() => unpack([{ name: 'x.zip', bytes: strToU8('not a zip') }]), /不是有效的 zip/);
	});
});

describe('matching and refusals', () => {
	const matcher = new AgencyMatcher([
		{ id: 1, name: '大安市叉干镇人民政府', level: 'township', parent_id: null, region: '吉林省/白城市/大安市', aliases: '叉干镇政府', generated: false },
		{ id: 4, name: '平潭综合实验区管理委员会', level: 'city', parent_id: null, region: '福建省/平潭', aliases: null, generated: false }
	]);
	const report = (agency: string, year = 2030) => ({
		report: { agency, year, template: '2021', warnings: [] } as unknown as Report,
		sha256: `${agency}-${year}`
	});
	const ctx = (user: JudgeContext['user'], stored: string[] = []): JudgeContext => ({
		user,
		matcher,
		storedHashes: new Set(stored),
		seenHashes: new Set(),
		storedReports: new Set(['1-2024'])
	});
	const reviewer = { id: 1, username: 'r', role: 'reviewer' as const, agency_id: null };
	const clerk = { id: 2, username: 'c', role: 'agency' as const, agency_id: 1 };

	it('matches by name and alias', () => {
		expect(judge(report('大安市叉干镇人民政府'), ctx(reviewer))).toMatchObject({ status: 'ok', agency_id: 1 });
		expect(judge(report('叉干镇政府'), ctx(reviewer))).toMatchObject({ status: 'ok', agency_id: 1, agency: '大安市叉干镇人民政府' });
	});

	it('takes an unknown agency from a reviewer as a new one, with a warning', () => {
		const v = judge(report('某某县某某局'), ctx(reviewer));
		expect(v).toMatchObject({ status: 'ok', agency_id: null });
		expect(v.warnings[0].code).toBe('new_agency');
	});

	it('warns of a report for an agency and year already stored', () => {
		expect(judge(report('大安市叉干镇人民政府', 2024), ctx(reviewer)).warnings[0].code).toBe('existing_report');
	});

	it('refuses a duplicate of a stored file, and a copy within the upload', () => {
		expect(judge(report('叉干镇政府'), ctx(reviewer, ['叉干镇政府-2030']))).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/重复文件/) });
		const c = ctx(reviewer);
		expect(judge(report('叉干镇政府'), c).status).toBe('ok');
		expect(judge(report('叉干镇政府'), c)).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/本次上传中的另一个文件/) });
	});

	it('lets an agency account upload its own reports only, saying why', () => {
		expect(judge(report('叉干镇政府'), ctx(clerk)).status).toBe('ok');
		expect(judge(report('平潭综合实验区管理委员会'), ctx(clerk))).toMatchObject({
			status: 'rejected',
			reason: '报告属于「平潭综合实验区管理委员会」，不是本单位（大安市叉干镇人民政府）的报告'
		});
		expect(judge(report('某某县某某局'), ctx(clerk))).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/不在单位名录中/) });
	});

	it('passes on the parser’s reason for a file it refused', () => {
		expect(judge({ rejected: { code: 'not_a_report', reason: '不是政府信息公开工作年度报告' } }, ctx(reviewer))).toMatchObject({
			status: 'rejected',
			reason: '不是政府信息公开工作年度报告'
		});
	});
});
