// The contract against pkg/core (the web build made with
// --no-default-features), loaded in Node with initSync: the suite uses only
// what core has (Engine, checkConfig, issueCodes, version).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { PKG } from './helpers.mjs';
import { engineSuite } from './suite.mjs';

const core = await import(pathToFileURL(join(PKG, 'core', 'enroll_engine.js')).href);
core.initSync({ module: readFileSync(join(PKG, 'core', 'enroll_engine_bg.wasm')) });
engineSuite(core, 'pkg/core');
