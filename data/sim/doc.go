// Package sim is the live simulator that makes the demo world move: the
// official vehicles of 江北区 drive between offices, hospitals and
// neighbourhoods, rangers walk their patrol loops and patrol cars cruise
// the city, people under supervision in 渝中区 go about near their homes,
// forest fires break out and are seen by cameras and flame detectors,
// pharmacy fridges drift, kitchen cameras flag violations and elevators
// trap people — everything a command-centre wall is meant to show.
//
// The simulator is a client like any device: it reads the world from the
// REST API when it starts (so it continues a store that has run for days
// from where things are) and writes only through the public API over HTTP,
// with one POST /api/v1/ingest batch per layer per tick and a PUT for a
// feature that is new (a satellite hot spot). It never calls World.Apply,
// so it exercises the same path as real devices. It keeps its own model in
// memory and survives a server that is restarting or failing: requests are
// retried with backoff and logged, and Run returns only when its context
// ends.
//
// Everything it does follows from Options.Seed and the world it read: the
// same seed against the same world sends the same items in the same order
// (Options.Ticks makes the steps repeatable too). The clock, Options.Now,
// only stamps the items and tells the hour of the day. Speed makes
// simulated time run faster than real time; the items are always stamped
// with the current time, since the server refuses times in its future and
// treats older fixes as stale.
//
// # Roads
//
// No road data is reachable here, so the simulator makes up a road network
// once from the seed: a jittered grid of junctions about 700 m apart over
// the land of the central districts (from 北碚 in the north to 巴南 in the
// south), each joined to its neighbours, with some diagonals and a few
// links dropped; every fourth row and column is an arterial at 50–60 km/h,
// the rest are streets at 30–40. Roads do not cross the Yangtze or the
// Jialing where the river parts two districts, except at the twenty real
// bridges listed in rivers.go. (The basemap's river lines are too coarse
// for this — they run through 观音桥 — so the district boundaries that
// follow the rivers stand for them, and junctions keep 200 m off them.)
// Routes are quickest in time, from a place straight to its nearest
// junction, along the links, and straight on to the destination. Trips
// that must stay in 江北区 use only the links and access legs that lie
// wholly inside it, so a car leaves the district only when the simulator
// means it to, and logs it.
//
// # Rule breaks and alarms
//
// Now and then something happens that a rule should flag: an official car
// out of hours, at a forbidden venue or out of 江北区; a supervised person
// leaving their zone, entering a listed place, missing check-ins or meeting
// a co-defendant (two of one case within 50 m for 10 minutes or more).
// Each is logged at Info with the message "sim: rule break", the rule and
// the IDs involved, so that a rule engine can be checked against the log;
// Stats counts them by rule. Sensor alarms (a fridge out of 2–8 °C, a
// kitchen violation, an elevator fault or entrapment) are logged as "sim:
// alarm", fires as "sim: fire" with their position and the devices that
// will see them. Devices in alarm when the simulator starts (left by an
// earlier run) return to normal after a while.
//
// Outside office hours (08:00–18:00 CST on weekdays, by Options.Now) few
// official cars leave, and every trip that starts is logged as out of
// hours; at night (22:00–07:00) supervised people stay home.
//
// # Responders sent to incidents
//
// Every two seconds of real time (Options.TaskPoll) the simulator reads
// the assignments layer over the API — its version first, the features
// only when that has moved on — and keeps the last good reading; a server
// without the layer reads as no assignments, and a failed read changes
// nothing. A responder with an active assignment (assigned, en route or on
// scene) leaves its round and goes to the incident's place, whatever its
// availability: after a turnout (a patrol car 30 s, unless already
// rolling; a fire crew 90 s; an inspector or officer 3 minutes), vehicles
// drive the road network at about 40 km/h (fire crews and patrol cars) or
// 30 (inspectors, custody officers) and leave it straight for the point;
// where the network does not reach, they take a winding way at their
// off-road speed. Rangers walk (4–5 km/h) up to 3 km and beyond that ride
// a motorbike (25–30 km/h, fetched in 2 minutes) to 300 m short and walk
// the rest. On the way they report every 5 simulated seconds; they stop
// within a quarter of arrive_m of the incident, and their fixes stray
// another quarter at most, so the server sees them on scene and they stay
// there. When the assignment is released (or disappears) they go back to
// their beat the same way — a fire crew to its base — and resume their
// round from there; a responder released on its beat resumes at once.
// Each step is logged at Info: "sim: responder sent" (with the way, route
// length and expected time), "sim: responder on scene", "sim: responder
// released".
//
// # Load
//
// At Speed 1 the demo world gets about 108 items a second: camera and
// detector heartbeats every 2 minutes (28/s each), responders every 30 s
// (25/s; every 5 s for one on its way to an incident), vehicle fixes every 10 s on the move and every 2 minutes parked
// (13/s by day, 10/s in the evening), supervised people every 1–5 minutes
// (12/s), pharmacy fridge readings every minute (3/s), and the rare events
// (well under 1/s). Each tick sends at most one batch per layer (split at
// 1,000 items); a tick is a second of real time at Speed 1, and shorter at
// higher speeds, down to 50 ms.
package sim
