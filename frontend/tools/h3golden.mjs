// h3golden.mjs — the golden file that checks Lookout's H3 binding (Go,
// spatial/cells over h3-go) against h3-js.
//
//   node frontend/tools/h3golden.mjs <points.json> <golden.json>
//
// points.json is a list of {name, lon, lat} (written to a temporary file by
// `go test ./spatial/cells -run TestH3JS -update`, which also runs this
// script). For each point the golden file gets h3-js's latLngToCell at
// resolutions 5–8, and cellToParent of the resolution-8 cell at 5–7.
// Numbers are read and written as JSON doubles, so both sides see the same
// coordinates to the last bit.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { latLngToCell, cellToParent } from 'h3-js';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node h3golden.mjs <points.json> <golden.json>');
  process.exit(2);
}
const version = createRequire(import.meta.url)('h3-js/package.json').version;
const points = JSON.parse(readFileSync(input, 'utf8'));
const rows = points.map(({ name, lon, lat }) => {
  const cells = {};
  for (const res of [5, 6, 7, 8]) cells[res] = latLngToCell(lat, lon, res);
  const parents = {};
  for (const res of [5, 6, 7]) parents[res] = cellToParent(cells[8], res);
  return JSON.stringify({ name, lon, lat, cells, parents });
});
writeFileSync(output,
  `{"generator":"frontend/tools/h3golden.mjs","h3js":${JSON.stringify(version)},"points":[\n${rows.join(',\n')}\n]}\n`);
console.log(`h3golden: ${rows.length} points, h3-js ${version} → ${output}`);
