// The contract through CommonJS: require() of pkg/ (its "main", the nodejs build).
import { createRequire } from 'node:module';

import { PKG } from './helpers.mjs';
import { engineSuite } from './suite.mjs';

const require = createRequire(import.meta.url);
engineSuite(require(PKG), 'require(pkg)');
