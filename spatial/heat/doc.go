// Package heat keeps the fire-risk grid over the forest: H3 cells at one
// resolution (8 by default, about 0.74 km² a cell) that carry a risk score
// and a danger class 1–5 with the parts it came from, coarser parent cells
// (resolutions 5–7) for low zooms, and the roll-up to districts.
//
// It is pure: no I/O, no goroutines, no clock. Every event carries its
// time, and Recompute is given now. A Grid is safe for concurrent use: one
// writer at a time, readers concurrently (see Grid).
//
// # Score
//
// Each forest cell has four parts, each in [0, 1]:
//
//	part          symbol  from                                                  set by
//	fuel          F       forest cover and type of the cell (static)            SetFuel
//	fire weather  W       FireWeather of the cell's district (national rating   SetWeather
//	                      LY/T 1172-95 over 100)
//	activity      A       1 − e^(−P/ActivityScale); P is the presence, in       Presence
//	                      seconds, of vehicles, people and rangers, each fix
//	                      crediting the time to the next (at most MaxCredit),
//	                      halving every ActivityHalfLife (3 h)
//	alarms        H       1 − e^(−Σ wᵢ·2^(−Δtᵢ/AlarmHalfLife)/AlarmScale),      Alarm
//	                      alarms and hot spots of weight wᵢ, halving every
//	                      AlarmHalfLife (24 h)
//
// A district whose weather was never set has W = 0, so its forest is
// class 1 but for alarms: the server sets every district's weather at
// start. The parts combine as
//
//	hazard  B = min(1, F·W·(1 + a·A))      a = Weights.Activity = 0.5
//	score   S = 1 − (1 − B)·(1 − h·H)      h = Weights.Alarms   = 0.9
//
//	class     1        2            3            4            5
//	score  S ≤ 0.25  ≤ 0.50       ≤ 0.72       ≤ 0.90       > 0.90
//	name   低 (low)  较低 (lower) 较高 (higher) 高 (high)  极高 (extreme)
//
// Fuel and weather multiply: with no fuel or in rain nothing burns,
// however busy the cell. People raise that hazard by up to half, since
// most forest fires in China are started by people (farm burning, grave
// offerings, cigarettes) and they start them where they are; they do not
// make wet forest dangerous. Alarms are evidence of fire rather than of
// its conditions, so they put a floor under the score whatever the
// weather: one fresh alarm of weight 1 (H = 0.63) gives at least 0.57,
// class 3, and class 4 where the hazard B is above 0.35. The class bounds are the levels of
// the national rating over 100, so that with full fuel and nothing else
// going on a cell's class is the level the forestry office publishes for
// its district, and a district's cells spread below it by their fuel:
// on a typical dry day (W ≈ 0.6) the forest is in classes 1–3 by fuel,
// busy and alarmed cells in 3–5; in a heat wave (W = 1) it spreads over
// 2–5; in rain it is all class 1 but for alarms.
//
// # Parents and districts
//
// A parent cell (and a district) keeps, over the forest cells it holds,
// the mean score, the highest score, the mean of each part, and the number
// of cells in each class. Its class is the highest class that at least
// Options.ParentShare (10 %) of its cells reach — the 90th percentile.
// That is the class a forest chief looking at a resolution-5 cell of 250
// km² needs: not the mean, which lets a tinderbox valley vanish into the
// farmland around it, nor the maximum, which turns every large cell red
// for one busy car park and makes the low zooms useless; a tenth of a
// resolution-5 cell is still about 35 forest cells, 25 km², enough to send
// a patrol to. The maximum is there beside it for whoever wants the worst
// case, and single fires are on the hot-spot layer anyway.
//
// # Incremental and full evaluation
//
// Scores are materialised: each cell stores its evaluation as of a time,
// and each parent its sums and counts. An event (SetFuel, SetWeather,
// Presence, Alarm) evaluates its cell at the event's time and carries the
// difference up through the parents: sums and class counts by addition,
// the maximum by comparison, rescanning the seven children of a parent
// only when its maximum fell. Recompute evaluates every cell at now and
// rebuilds the parents from scratch. Decayed amounts are kept as a value
// and the time it refers to and decayed when read, so no sweep is needed
// for them to be exact; Recompute only refreshes the materialised scores
// of the cells no event touched, and is cheap enough to run every minute.
// Changes and Recompute report the cells whose class changed, for the
// WebSocket deltas.
package heat
