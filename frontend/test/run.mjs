// `npm test`: the tile check, the browser smoke, incident and live tests against
// one Lookout server (started once, see lib.mjs), ending with "frontend: N
// passed, M failed". The tile check goes first: it needs no browser, and when
// tiles are wrong its failures say why more precisely than a blank map would.
// The incident and dispatch tests act on incidents they make themselves
// (the dispatch test on the console at /dispatch); the forest test reads the
// forest chief's view at /forest; the replay test posts a known track and
// replays it at /replay. The live test goes
// last: it moves things and restarts the server.

import { main } from './lib.mjs';
import { tilesSuite } from './tiles.mjs';
import { smokeSuite } from './smoke.mjs';
import { incidentsSuite } from './incidents.mjs';
import { dispatchSuite } from './dispatch.mjs';
import { forestSuite } from './forest.mjs';
import { replaySuite } from './replay.mjs';
import { liveSuite } from './live.mjs';

main('frontend', [['tiles', tilesSuite], ['smoke', smokeSuite], ['incidents', incidentsSuite], ['dispatch', dispatchSuite], ['forest', forestSuite], ['replay', replaySuite], ['live', liveSuite]]);
