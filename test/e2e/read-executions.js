'use strict';

/**
 * Prints, as JSON, every execution stored in an n8n SQLite database with its full run data:
 *   node test/e2e/read-executions.js <n8n install dir> <database.sqlite>
 * Runs as its own process with Node 24, using the sqlite3 driver and `flatted` (n8n's execution
 * data serialisation) from the pinned n8n install, so nothing is added to this package.
 */
const path = require('node:path');

const [n8nDir, dbFile] = process.argv.slice(2);
if (!n8nDir || !dbFile) {
	console.error('Usage: node test/e2e/read-executions.js <n8n install dir> <database.sqlite>');
	process.exit(2);
}
const modules = path.join(n8nDir, 'node_modules');
const sqlite3 = require(path.join(modules, 'sqlite3'));
const flatted = require(path.join(modules, 'flatted'));

const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
const fail = (error) => {
	db.close();
	console.error(error.message);
	process.exit(1);
};
// `storedAt` (where n8n 2.x keeps the run data) only helps the error message; n8n 1.x has no such column.
db.all('PRAGMA table_info(execution_entity)', (error, columns) => {
	if (error) return fail(error);
	const storedAt = columns.some((column) => column.name === 'storedAt') ? 'e.storedAt' : 'NULL AS storedAt';
	const sql = `
		SELECT e.id, e.workflowId, e.status, e.finished, e.mode, ${storedAt}, d.data
		FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
		ORDER BY e.id`;
	db.all(sql, (error, rows) => {
		if (error) return fail(error);
		db.close();
		print(rows);
	});
});

function print(rows) {
	const executions = rows.map((row) => {
		if (row.data == null) {
			throw new Error(`execution ${row.id} has no data in the database (storedAt=${row.storedAt})`);
		}
		return {
			id: row.id,
			workflowId: row.workflowId,
			status: row.status,
			finished: !!row.finished,
			mode: row.mode,
			data: flatted.parse(row.data),
		};
	});
	process.stdout.write(JSON.stringify(executions));
}
