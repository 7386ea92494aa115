import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Exactly the rules n8n's verification scanner applies (@n8n/scan-community-package, pinned in
// package.json): its own config builder, so the rule set and its off-overrides follow the pin.
// npm run lint passes it with --config, the scanner's file patterns and --no-inline-config, as the
// scanner lints with allowInlineConfig: false. (With --config, ESLint resolves the patterns from the
// current folder, the repository root.) It is not eslint.config.mjs: that file must stay n8n's
// default for `n8n-node lint` (CONTRIBUTING.md, "Tests and n8n's linter").
const scannerPath = fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs'));
const { buildScanConfig } = await import(scannerPath);
// Loading the scanner makes a temp folder (for its download path); have it removed at exit.
createRequire(scannerPath)('tmp').setGracefulCleanup();

export default await buildScanConfig();
