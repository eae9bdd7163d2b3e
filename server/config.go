package server

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
)

// Config is what `lookout serve` and `lookout demo` are started with. Every
// flag has an environment variable of the same meaning; a flag given on the
// command line wins over the environment, which wins over the default.
type Config struct {
	Addr        string // LOOKOUT_ADDR, --addr
	DataDir     string // LOOKOUT_DATA_DIR, --data-dir
	DatabaseURL string // DATABASE_URL, --database-url (the PostGIS store; empty for the embedded one)
	LogLevel    string // LOOKOUT_LOG_LEVEL, --log-level
	Seed        uint64 // LOOKOUT_SEED, --seed (demo world)

	MQTTURL      string // LOOKOUT_MQTT_URL, --mqtt-url (empty: no MQTT ingest)
	MQTTTopic    string // LOOKOUT_MQTT_TOPIC, --mqtt-topic
	MQTTClientID string // LOOKOUT_MQTT_CLIENT_ID, --mqtt-client-id

	TLSCert     string  // LOOKOUT_TLS_CERT, --tls-cert (with --tls-key: serve HTTPS)
	TLSKey      string  // LOOKOUT_TLS_KEY, --tls-key
	CORSOrigins string  // LOOKOUT_CORS_ORIGINS, --cors-origins (empty: no cross-origin access)
	Rate        float64 // LOOKOUT_RATE_LIMIT, --rate-limit (requests per second per token)

	TrackKeep      string // LOOKOUT_TRACK_KEEP, --track-keep
	TrackThinAfter string // LOOKOUT_TRACK_THIN_AFTER, --track-thin-after
	TrackThinEvery string // LOOKOUT_TRACK_THIN_EVERY, --track-thin-every

	Sim      bool    // LOOKOUT_SIM, --sim (lookout demo only)
	SimSpeed float64 // LOOKOUT_SIM_SPEED, --sim-speed
	envErr   error   // a malformed environment variable, reported by Check
}

// env describes one setting: its flag, its variable, its default and help.
type env struct {
	flag, name, def, help string
}

var settings = []env{
	{"addr", "LOOKOUT_ADDR", "127.0.0.1:8080", "address to listen on, HOST:PORT"},
	{"data-dir", "LOOKOUT_DATA_DIR", "./lookout-data", "directory of the embedded store (lookout.gpkg)"},
	{"database-url", "DATABASE_URL", "", "PostgreSQL/PostGIS URL, such as postgres://lookout@127.0.0.1/lookout; when set, the store is PostGIS instead of --data-dir"},
	{"log-level", "LOOKOUT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"seed", "LOOKOUT_SEED", "20261123", "seed of the generated demo world"},
	{"mqtt-url", "LOOKOUT_MQTT_URL", "", "MQTT broker to take positions and events from, such as tcp://127.0.0.1:1883; empty for none"},
	{"mqtt-topic", "LOOKOUT_MQTT_TOPIC", "lookout", "prefix of the MQTT topics: {prefix}/{layer}/{id}/position and …/event"},
	{"mqtt-client-id", "LOOKOUT_MQTT_CLIENT_ID", "", "MQTT client ID, fixed so the broker keeps messages while Lookout is down (default lookout-HOSTNAME)"},
	{"tls-cert", "LOOKOUT_TLS_CERT", "", "PEM certificate (chain) to serve HTTPS with; needs --tls-key"},
	{"tls-key", "LOOKOUT_TLS_KEY", "", "PEM private key of --tls-cert"},
	{"cors-origins", "LOOKOUT_CORS_ORIGINS", "", "origins allowed to call the API from a browser, comma-separated (https://wall.example.org); empty allows none"},
	{"rate-limit", "LOOKOUT_RATE_LIMIT", "200", "requests per second each token may make (bursts of ten times that); 0 for no limit"},
	{"track-keep", "LOOKOUT_TRACK_KEEP", "720h", "how long track points are kept: a duration, and layer=duration overrides, such as 720h,custody_persons=4320h"},
	{"track-thin-after", "LOOKOUT_TRACK_THIN_AFTER", "48h", "track points older than this are down-sampled"},
	{"track-thin-every", "LOOKOUT_TRACK_THIN_EVERY", "1m", "down-sampled tracks keep one point per object per this long (0 keeps all)"},
	{"sim", "LOOKOUT_SIM", "true", "run the live simulator that makes the demo world move (lookout demo only)"},
	{"sim-speed", "LOOKOUT_SIM_SPEED", "1", "speed of the simulator: 1 is real time, 10 ten times faster"},
}

// Register adds the flags to fs, with defaults taken from the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	targets := map[string]*string{"addr": &c.Addr, "data-dir": &c.DataDir, "database-url": &c.DatabaseURL, "log-level": &c.LogLevel,
		"mqtt-url": &c.MQTTURL, "mqtt-topic": &c.MQTTTopic, "mqtt-client-id": &c.MQTTClientID,
		"tls-cert": &c.TLSCert, "tls-key": &c.TLSKey, "cors-origins": &c.CORSOrigins,
		"track-keep": &c.TrackKeep, "track-thin-after": &c.TrackThinAfter, "track-thin-every": &c.TrackThinEvery}
	for _, s := range settings {
		def := s.def
		if v, ok := os.LookupEnv(s.name); ok {
			def = v
		}
		help := fmt.Sprintf("%s (env %s)", s.help, s.name)
		if p, ok := targets[s.flag]; ok {
			fs.StringVar(p, s.flag, def, help)
			continue
		}
		switch s.flag {
		case "sim":
			b, err := strconv.ParseBool(def)
			if err != nil {
				c.envErr = fmt.Errorf("config: %s=%q: want true or false", s.name, def)
			}
			fs.BoolVar(&c.Sim, s.flag, b, help)
		case "sim-speed", "rate-limit":
			x, err := strconv.ParseFloat(def, 64)
			if err != nil {
				c.envErr = fmt.Errorf("config: %s=%q: want a number", s.name, def)
			}
			target := &c.SimSpeed
			if s.flag == "rate-limit" {
				target = &c.Rate
			}
			fs.Float64Var(target, s.flag, x, help)
		default:
			n, _ := strconv.ParseUint(def, 10, 64)
			fs.Uint64Var(&c.Seed, s.flag, n, help)
		}
	}
}

// Check validates the configuration after parsing.
func (c *Config) Check() error {
	if _, err := c.Level(); err != nil {
		return err
	}
	if c.Addr == "" {
		return fmt.Errorf("config: --addr must not be empty")
	}
	if c.DataDir == "" && c.DatabaseURL == "" {
		return fmt.Errorf("config: --data-dir must not be empty")
	}
	if c.envErr != nil {
		return c.envErr
	}
	if _, err := c.Retention(); err != nil {
		return err
	}
	if _, err := ParseOrigins(c.CORSOrigins); err != nil {
		return fmt.Errorf("config: --cors-origins: %w", err)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("config: --tls-cert and --tls-key go together")
	}
	if !(c.Rate >= 0 && c.Rate <= 1e6) {
		return fmt.Errorf("config: --rate-limit %g: want 0 (no limit) to 1000000 requests per second", c.Rate)
	}
	if !(c.SimSpeed > 0 && c.SimSpeed <= 1000) {
		return fmt.Errorf("config: --sim-speed %g: want a number above 0 and at most 1000 (--sim=false turns the simulator off)", c.SimSpeed)
	}
	return nil
}

// Level returns the slog level named by LogLevel.
func (c *Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("config: --log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// Retention returns the track retention the flags set.
func (c *Config) Retention() (Retention, error) {
	return ParseRetention(c.TrackKeep, c.TrackThinAfter, c.TrackThinEvery)
}
