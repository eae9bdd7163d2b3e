// `npm test`: the tile check and the browser smoke test against one Lookout
// server (started once, see lib.mjs), ending with "frontend: N passed, M failed".
// The tile check goes first: it needs no browser, and when tiles are wrong
// its failures say why more precisely than a blank map would.

import { main } from './lib.mjs';
import { tilesSuite } from './tiles.mjs';
import { smokeSuite } from './smoke.mjs';

main('frontend', [['tiles', tilesSuite], ['smoke', smokeSuite]]);
