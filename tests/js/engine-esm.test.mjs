// The contract through the ES module wrapper pkg/index.mjs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { PKG } from './helpers.mjs';
import { engineSuite } from './suite.mjs';

const api = await import(pathToFileURL(join(PKG, 'index.mjs')).href);
engineSuite(api, 'import(pkg/index.mjs)');
