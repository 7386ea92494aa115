/** "A", "A or B", "A, B or C": names in running text. */
export function orList(names: readonly string[]): string {
	return joinWords(names, 'or');
}

/** "A", "A and B", "A, B and C". */
export function andList(names: readonly string[]): string {
	return joinWords(names, 'and');
}

function joinWords(names: readonly string[], word: string): string {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} ${word} ${names[names.length - 1]}`;
}
