/**
 * One parser process of the pool (pool.ts): a file path in, its report or its rejection out,
 * answered in the order asked. Ends when the parent disconnects (nothing else keeps it alive).
 */
import { outcomeOf, type WorkerMessage } from './pool.js';

const send = (m: WorkerMessage) => process.send?.(m);

// One file at a time, in order: the parent counts on answers coming back in the order sent.
let queue = Promise.resolve();
process.on('message', (m: { id: number; file: string }) => {
	queue = queue.then(async () => {
		send({ id: m.id, ...(await outcomeOf(m.file)) });
	});
});
send({ ready: true });
