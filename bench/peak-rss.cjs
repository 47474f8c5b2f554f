/*
 * Preloaded into the compiled CLI by the convert benchmark (`node --require bench/peak-rss.cjs dist/bin/…`): when the
 * process exits, it writes its peak resident set size (worker threads included: they share the process) to the file
 * named by M2E_PEAK_RSS_FILE. A parent cannot read a child's peak RSS from Node, and `/usr/bin/time` is not portable.
 */
'use strict';
const fs = require('node:fs');

const file = process.env.M2E_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
