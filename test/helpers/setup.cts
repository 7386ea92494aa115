// n8n's logger writes every node error. Tests scan what it logs for credential secrets, so it logs
// as much as it can (debug), into a file per jest worker instead of the console.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

export const LOG_FILE = join(tmpdir(), `phone-numbers-n8n-test-${process.env.JEST_WORKER_ID ?? '1'}-${process.pid}.log`);

process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'debug';
process.env.N8N_LOG_OUTPUT = 'file';
process.env.N8N_LOG_FILE_LOCATION = LOG_FILE;
writeFileSync(LOG_FILE, '');
