package gpkg

import (
	"context"
	"database/sql"
	"fmt"
)

// GeoPackage file identity (OGC 12-128r19 §1.1.1): the SQLite header's
// application_id is "GPKG" and user_version the standard's version, 1.4.0.
const (
	applicationID = 0x47504B47
	userVersion   = 10400
)

// Journal is the name of the change journal table: one row per committed
// record, in sequence order. It is registered in gpkg_contents as an
// 'attributes' table, so GDAL and QGIS list it (and, because an attributes
// table is registered, GDAL hides the store's unregistered bookkeeping
// tables).
const Journal = "lookout_journal"

// migrationsTable records which of the store's own schema migrations a file
// has had, one row per migration, so that a later Lookout can upgrade a file
// an earlier one wrote.
const migrationsTable = "lookout_migrations"

// migrations are the store's schema versions, in order: migrations[i]
// brings a file from version i to version i+1. Append; never edit one that
// has shipped.
var migrations = []string{
	// 1: the GeoPackage core tables with their mandatory rows, and the journal.
	`PRAGMA application_id = ` + fmt.Sprint(applicationID) + `;
PRAGMA user_version = ` + fmt.Sprint(userVersion) + `;
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE IF NOT EXISTS ` + Journal + ` (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  layer TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  op TEXT NOT NULL,
  event TEXT NOT NULL,
  stale BOOLEAN NOT NULL,
  time TEXT NOT NULL,
  geom BLOB,
  props TEXT
);
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('` + Journal + `', 'attributes', '` + Journal + `',
  'Lookout change journal: every committed change in sequence order; geom is GeoPackage binary, props JSON');`,
	// 2: who made each change (the audit trail), and the index that reads
	// one feature's history.
	`ALTER TABLE ` + Journal + ` ADD COLUMN actor TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS ` + Journal + `_feature ON ` + Journal + ` (layer, feature_id, seq);`,
	// 3: the track history (track.go): one row per position of a tracked
	// layer, a point feature table QGIS draws; the index that replays one
	// feature's track; the 3D R*Tree (x, y, time) of space-time queries,
	// kept in step with the table by triggers in plain SQL, so that a row
	// deleted in QGIS leaves its index entry too.
	`CREATE TABLE IF NOT EXISTS ` + TrackTable + ` (
  fid INTEGER PRIMARY KEY NOT NULL,
  layer TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  geom POINT NOT NULL
);
CREATE INDEX IF NOT EXISTS ` + TrackTable + `_feature ON ` + TrackTable + ` (layer, feature_id, at, seq);
CREATE VIRTUAL TABLE IF NOT EXISTS ` + trackRTree + ` USING rtree(id, minx, maxx, miny, maxy, mint, maxt);
CREATE TRIGGER IF NOT EXISTS ` + TrackTable + `_insert AFTER INSERT ON ` + TrackTable + ` BEGIN
  INSERT INTO ` + trackRTree + ` VALUES (NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat, ` + trackTimeSQL("NEW") + `, ` + trackTimeSQL("NEW") + `);
END;
CREATE TRIGGER IF NOT EXISTS ` + TrackTable + `_update AFTER UPDATE OF fid, at, lon, lat ON ` + TrackTable + ` BEGIN
  DELETE FROM ` + trackRTree + ` WHERE id = OLD.fid;
  INSERT INTO ` + trackRTree + ` VALUES (NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat, ` + trackTimeSQL("NEW") + `, ` + trackTimeSQL("NEW") + `);
END;
CREATE TRIGGER IF NOT EXISTS ` + TrackTable + `_delete AFTER DELETE ON ` + TrackTable + ` BEGIN
  DELETE FROM ` + trackRTree + ` WHERE id = OLD.fid;
END;
INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
  VALUES ('` + TrackTable + `', 'features', '` + TrackTable + `',
  'Lookout track history: every position of the tracked layers; at is Unix time in ms (QGIS: datetime_from_epoch("at")), seq the change that carried it', ` + fmt.Sprint(SRS) + `);
INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
  VALUES ('` + TrackTable + `', 'geom', 'POINT', ` + fmt.Sprint(SRS) + `, 0, 0);`,
	// 4: the API tokens and the audit trail (access.go), attributes tables
	// like the journal, with the indexes of the audit log's filters.
	accessMigration,
}

// migrate brings the file to the newest schema version in one transaction.
// It refuses a file that is some other application's SQLite database, or
// one written by a newer Lookout.
func (s *Store) migrate(ctx context.Context) error {
	var app int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return fmt.Errorf("gpkg: read application_id: %w", err)
	}
	if app != 0 && app != applicationID {
		return fmt.Errorf("gpkg: %s is not a GeoPackage (application_id %#x)", s.path, app)
	}
	return s.inTx(ctx, "migrate", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+migrationsTable+
			` (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM `+migrationsTable).Scan(&have); err != nil {
			return err
		}
		if have > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this Lookout's %d", have, len(migrations))
		}
		for v := have + 1; v <= len(migrations); v++ {
			if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
				return fmt.Errorf("version %d: %w", v, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+migrationsTable+` VALUES (?, ?)`,
				v, formatTime(s.now())); err != nil {
				return err
			}
			s.log.Info("gpkg: migrated store schema", "path", s.path, "version", v)
		}
		return nil
	})
}

// inTx runs fn in a transaction and commits it, or rolls it back when fn
// fails; op names the operation in the error.
func (s *Store) inTx(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("gpkg: %s: begin: %w", op, err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("gpkg: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: %s: commit: %w", op, err)
	}
	return nil
}
