'use strict';

/**
 * Command-line flags of the purchase benches. `handle(flag, value)` sets what it knows and returns
 * true; `value()` takes the flag's value (the next argument). Unknown flags stop the bench.
 * --items, --rounds and --warmup are the same in every purchase bench and handled here, with their
 * check.
 */
function readFlags(argv, args, handle) {
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
			return argv[++i];
		};
		if (flag === '--items') args.items = Number(value());
		else if (flag === '--rounds') args.rounds = Number(value());
		else if (flag === '--warmup') args.warmup = Number(value());
		else if (!handle(flag, value)) throw new Error(`unknown option ${flag}`);
	}
	if (!(args.items > 0 && args.rounds > 0 && args.warmup >= 0)) throw new Error('--items and --rounds must be > 0, --warmup >= 0');
	return args;
}

module.exports = { readFlags };
