/** Two small locks for async code in one process. */

/**
 * A readers–writer gate: any number of shared holders, or one exclusive holder. A waiting
 * exclusive holder goes before readers that arrive after it (they cannot starve it).
 */
export class Gate {
	private readers = 0;
	private writer = false;
	private queue: { exclusive: boolean; go: () => void }[] = [];

	async shared<T>(fn: () => Promise<T>): Promise<T> {
		if (this.writer || this.queue.length) await new Promise<void>((go) => this.queue.push({ exclusive: false, go }));
		else this.readers++;
		try {
			return await fn();
		} finally {
			this.readers--;
			this.wake();
		}
	}

	async exclusive<T>(fn: () => Promise<T>): Promise<T> {
		if (this.writer || this.readers || this.queue.length) await new Promise<void>((go) => this.queue.push({ exclusive: true, go }));
		else this.writer = true;
		try {
			return await fn();
		} finally {
			this.writer = false;
			this.wake();
		}
	}

	/** Lets in the next exclusive holder once no one holds the gate, or every reader queued before the next exclusive one. */
	private wake() {
		if (this.writer) return;
		while (this.queue.length) {
			const head = this.queue[0];
			if (head.exclusive) {
				if (this.readers) return;
				this.queue.shift();
				this.writer = true;
				head.go();
				return;
			}
			this.queue.shift();
			this.readers++;
			head.go();
		}
	}
}

/** One at a time, in the order asked. */
export class Mutex {
	private tail: Promise<unknown> = Promise.resolve();

	run<T>(fn: () => Promise<T>): Promise<T> {
		const out = this.tail.then(fn);
		this.tail = out.catch(() => {});
		return out;
	}
}
