'use strict';
/**
 * What a function's bundle has in place of the `debug` package (bundling.ts aliases it here).
 * ioredis and the OpenSearch client log their internals through `debug`; with its terminal
 * colour detection (`supports-color`) and time formatting (`ms`) it is ~10 KB of every bundle
 * and work at import, for output a Lambda function never prints unless DEBUG is set. This keeps
 * that switch: DEBUG=ioredis:* (comma- or space-separated patterns, `*` wildcards, `-` to
 * exclude) still logs those namespaces, plainly, to stderr.
 */
const { format } = require('node:util');

function patterns() {
  const include = [];
  const exclude = [];
  for (const p of (process.env.DEBUG || '').split(/[\s,]+/).filter(Boolean)) {
    const re = new RegExp(
      `^${p
        .replace(/^-/, '')
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    (p.startsWith('-') ? exclude : include).push(re);
  }
  return { include, exclude };
}

function enabled(namespace) {
  const { include, exclude } = patterns();
  return !exclude.some((re) => re.test(namespace)) && include.some((re) => re.test(namespace));
}

function createDebug(namespace) {
  const debug = (...args) => {
    if (debug.enabled) debug.log(`${new Date().toISOString()} ${namespace} ${format(...args)}`);
  };
  debug.namespace = namespace;
  debug.enabled = enabled(namespace);
  debug.log = (line) => process.stderr.write(`${line}\n`);
  debug.extend = (sub, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`);
  debug.destroy = () => true;
  return debug;
}

createDebug.enabled = enabled;
createDebug.debug = createDebug;
createDebug.default = createDebug;
module.exports = createDebug;
