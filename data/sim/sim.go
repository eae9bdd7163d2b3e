package sim

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
)

// Options configure a Sim.
type Options struct {
	// Seed fixes everything the simulator does, given the world it reads.
	Seed uint64
	// Speed is how much faster than real time the simulation runs: 1 is
	// real time, 10 ten times faster (0 means 1).
	Speed float64
	// Scenarios scales how often the rare things happen — fires, sensor
	// alarms, rule breaks — relative to the default (0 means 1). Tests turn
	// it up to see them in a few simulated minutes.
	Scenarios float64
	Logger    *slog.Logger
	// HTTPClient sends the requests (nil: a client with a 30 s timeout).
	HTTPClient *http.Client
	// Now stamps the items and tells the hour of the day (nil: time.Now).
	Now func() time.Time
	// Ticks, when set, drives the simulation instead of the wall clock:
	// each value is the simulated time that passes in one tick, and Run
	// returns once it is closed. Tests use it to make runs repeatable.
	Ticks <-chan time.Duration
	// TaskPoll is how often, in real time, the simulator reads the
	// assignments layer to learn which responders are sent to incidents
	// (0: every 2 s; negative: never, and responders only patrol).
	TaskPoll time.Duration
}

// Tick bounds: at Speed 1 a tick is a second of real time; faster runs
// tick more often, but not more than every minTick, and a tick never
// simulates more than maxStep (a server that falls behind slows the
// simulation down rather than make it jump).
const (
	minTick = 50 * time.Millisecond
	maxStep = time.Minute
	// reportEvery is how often, in real time, a summary is logged.
	reportEvery = 10 * time.Minute
)

// cst is China Standard Time, the wall clock of the command centre.
var cst = time.FixedZone("CST", 8*3600)

// Sim is a running simulation against one server.
type Sim struct {
	opt   Options
	api   *client
	feed  *taskFeed
	log   *slog.Logger
	stats *counters
	e     env
	parts []behaviour
	// reported is when the last summary was logged.
	reported time.Time
}

// behaviour is one part of the world that moves: each tick it advances
// its model to e.t and queues what its devices report.
type behaviour interface {
	step(e *env)
}

// New returns a simulator that will drive the server at baseURL (such as
// "http://127.0.0.1:8080").
func New(baseURL string, opt Options) *Sim {
	if opt.Speed <= 0 || math.IsNaN(opt.Speed) {
		opt.Speed = 1
	}
	if opt.Scenarios <= 0 || math.IsNaN(opt.Scenarios) {
		opt.Scenarios = 1
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Sim{opt: opt, log: opt.Logger, stats: newCounters()}
	s.api = &client{base: strings.TrimRight(baseURL, "/"), http: opt.HTTPClient, log: opt.Logger}
	s.feed = &taskFeed{api: s.api, log: opt.Logger}
	if opt.TaskPoll == 0 {
		s.opt.TaskPoll = taskPoll
	}
	s.e = env{seed: opt.Seed, log: opt.Logger, stats: s.stats, rate: opt.Scenarios}
	return s
}

// LoopbackURL returns the URL at which a server listening on addr can be
// reached from the same machine: an unspecified address (0.0.0.0, ::)
// becomes the loopback address.
func LoopbackURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Stats returns what the simulator has sent so far and how it was answered.
func (s *Sim) Stats() Stats { return s.stats.snapshot() }

// Run reads the world, then simulates until ctx ends (or Options.Ticks is
// closed), and returns nil. While the server cannot be reached it retries
// with backoff; it returns an error only when the world cannot be read for
// a reason retrying will not cure.
func (s *Sim) Run(ctx context.Context) error {
	if err := s.start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	defer s.follow(ctx)()
	if s.opt.Ticks != nil {
		for {
			select {
			case <-ctx.Done():
				return nil
			case dt, ok := <-s.opt.Ticks:
				if !ok {
					return nil
				}
				s.tick(ctx, dt)
			}
		}
	}
	period := max(time.Duration(float64(time.Second)/s.opt.Speed), minTick)
	tk := time.NewTicker(period)
	defer tk.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tk.C:
			now := time.Now()
			step := min(time.Duration(float64(now.Sub(last))*s.opt.Speed), maxStep)
			last = now
			s.tick(ctx, step)
		}
	}
}

// follow reads the assignments in the background until ctx ends, unless
// Options.TaskPoll turns it off, and returns what stops it and waits for it.
func (s *Sim) follow(ctx context.Context) func() {
	if s.opt.TaskPoll <= 0 {
		return func() {}
	}
	ctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.feed.run(ctx, s.opt.TaskPoll) })
	return func() {
		stop()
		wg.Wait()
	}
}

// start reads the world and builds the behaviours.
func (s *Sim) start(ctx context.Context) error {
	began := time.Now()
	w := map[string][]feature{}
	for _, layer := range []string{"vehicles", "responders", "custody_persons", "custody_zones", "listed_places", "venues",
		"cameras", "ir_detectors", "hotspots", "pharmacies", "kitchens", "elevators"} {
		fs, err := s.api.features(ctx, layer)
		if err != nil {
			return fmt.Errorf("sim: %w", err)
		}
		w[layer] = fs
	}
	ds, err := chongqing.Districts()
	if err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	loc := chongqing.NewLocator(ds)
	g := buildGraph(s.opt.Seed, ds)
	s.e.now = s.opt.Now().In(cst)
	if s.opt.TaskPoll > 0 {
		s.feed.poll(ctx)
	}
	s.parts = []behaviour{
		newFleet(&s.e, g, loc, w["vehicles"], append(w["venues"], w["listed_places"]...)),
		newResponders(&s.e, g, w["responders"]),
		newCustody(&s.e, func(p orb.Point) bool { return g.inland(p, riverBank) }, w["custody_persons"], w["custody_zones"], w["listed_places"]),
		newForest(&s.e, loc, w["cameras"], w["ir_detectors"], w["hotspots"]),
		newMarket(&s.e, w["pharmacies"], w["kitchens"], w["elevators"]),
	}
	n := 0
	for _, fs := range w {
		n += len(fs)
	}
	s.log.Info("sim: started", "features", n, "junctions", len(g.pts), "seed", s.opt.Seed, "speed", s.opt.Speed,
		"took", time.Since(began).Round(time.Millisecond))
	s.reported = time.Now()
	return nil
}

// tick advances the simulation by dt and sends what happened.
func (s *Sim) tick(ctx context.Context, dt time.Duration) {
	s.e.dt = dt.Seconds()
	s.e.t += s.e.dt
	s.e.now = s.opt.Now().In(cst)
	s.e.tasks = s.feed.current()
	s.e.out = newOutbox()
	for _, p := range s.parts {
		p.step(&s.e)
	}
	s.flush(ctx, s.e.out, s.e.now)
	s.stats.update(func(st *Stats) { st.Ticks++ })
	if time.Since(s.reported) >= reportEvery {
		s.reported = time.Now()
		st := s.Stats()
		accepted, rejected := st.Total()
		s.log.Info("sim: running", "simulated", time.Duration(s.e.t*float64(time.Second)).Round(time.Second).String(), "batches", st.Batches,
			"accepted", accepted, "rejected", rejected, "dropped", st.Dropped)
	}
}

// env is what the behaviours share: the simulated clock, the wall clock of
// the tick, the outbox, the log and the counters.
type env struct {
	seed  uint64
	log   *slog.Logger
	stats *counters
	rate  float64   // Options.Scenarios
	t     float64   // simulated seconds since the start
	dt    float64   // simulated seconds of this tick
	now   time.Time // the tick's wall-clock time, in CST
	out   *outbox
	// tasks are the active assignments, by responder, as last read.
	tasks tasks
}

// officeHours reports whether the tick falls in office hours, 08:00–18:00
// on a weekday.
func (e *env) officeHours() bool {
	wd, h := e.now.Weekday(), e.now.Hour()
	return wd != time.Saturday && wd != time.Sunday && h >= 8 && h < 18
}

// night reports whether it is between 22:00 and 07:00.
func (e *env) night() bool { h := e.now.Hour(); return h >= 22 || h < 7 }

// after returns when a scenario that happens on average every mean
// simulated seconds (at Scenarios 1) happens next.
func (e *env) after(r *rand.Rand, mean float64) float64 {
	return e.t + r.ExpFloat64()*mean/e.rate
}

// ruleBreak logs something a rule should flag and counts it.
func (e *env) ruleBreak(rule string, args ...any) {
	e.log.Info("sim: rule break", append([]any{"rule", rule}, args...)...)
	e.scenario(rule)
}

// alarm logs a sensor alarm the simulator raises and counts it.
func (e *env) alarm(kind string, args ...any) {
	e.log.Info("sim: alarm", append([]any{"kind", kind}, args...)...)
	e.scenario(kind)
}

// scenario counts a scenario.
func (e *env) scenario(name string) {
	e.stats.update(func(st *Stats) { st.Scenarios[name]++ })
}
