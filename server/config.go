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
	DatabaseURL string // DATABASE_URL, --database-url (reserved for the PostGIS store)
	LogLevel    string // LOOKOUT_LOG_LEVEL, --log-level
	Seed        uint64 // LOOKOUT_SEED, --seed (demo world)

	MQTTURL      string // LOOKOUT_MQTT_URL, --mqtt-url (empty: no MQTT ingest)
	MQTTTopic    string // LOOKOUT_MQTT_TOPIC, --mqtt-topic
	MQTTClientID string // LOOKOUT_MQTT_CLIENT_ID, --mqtt-client-id

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
	{"database-url", "DATABASE_URL", "", "PostgreSQL/PostGIS URL; reserved: the PostGIS store is not in this build"},
	{"log-level", "LOOKOUT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"seed", "LOOKOUT_SEED", "20261123", "seed of the generated demo world"},
	{"mqtt-url", "LOOKOUT_MQTT_URL", "", "MQTT broker to take positions and events from, such as tcp://127.0.0.1:1883; empty for none"},
	{"mqtt-topic", "LOOKOUT_MQTT_TOPIC", "lookout", "prefix of the MQTT topics: {prefix}/{layer}/{id}/position and …/event"},
	{"mqtt-client-id", "LOOKOUT_MQTT_CLIENT_ID", "", "MQTT client ID, fixed so the broker keeps messages while Lookout is down (default lookout-HOSTNAME)"},
	{"sim", "LOOKOUT_SIM", "true", "run the live simulator that makes the demo world move (lookout demo only)"},
	{"sim-speed", "LOOKOUT_SIM_SPEED", "1", "speed of the simulator: 1 is real time, 10 ten times faster"},
}

// Register adds the flags to fs, with defaults taken from the environment.
func (c *Config) Register(fs *flag.FlagSet) {
	targets := map[string]*string{"addr": &c.Addr, "data-dir": &c.DataDir, "database-url": &c.DatabaseURL, "log-level": &c.LogLevel,
		"mqtt-url": &c.MQTTURL, "mqtt-topic": &c.MQTTTopic, "mqtt-client-id": &c.MQTTClientID}
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
		case "sim-speed":
			x, err := strconv.ParseFloat(def, 64)
			if err != nil {
				c.envErr = fmt.Errorf("config: %s=%q: want a number", s.name, def)
			}
			fs.Float64Var(&c.SimSpeed, s.flag, x, help)
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
