import { describe, expect, it } from 'vitest';
import { actionLabel, recordText } from './audit.js';

describe('the audit log in words', () => {
	it('names each action; one it does not know stays as recorded', () => {
		expect(actionLabel('finding.review')).toBe('核实问题');
		expect(actionLabel('user.disable')).toBe('停用用户');
		expect(actionLabel('something.new')).toBe('something.new');
	});

	it('says a record’s fields and values, states and roles by their labels', () => {
		expect(recordText('{"state":"open"}')).toBe('状态：待核实');
		expect(recordText('{"state":"confirmed","note":"已核"}')).toBe('状态：属实；备注：已核');
		expect(recordText('{"role":"agency","agency_id":4}')).toBe('角色：单位；所属单位：4');
		expect(recordText('{"disabled":true}')).toBe('停用：是');
		expect(recordText('{"state":"done","error":null}')).toBe('状态：已入库；原因：（空）');
		expect(recordText(null)).toBe('');
		expect(recordText('not json')).toBe('not json');
	});
});
