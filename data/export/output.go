package export

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrExists is returned when the file to write already exists and the
// export may not replace it.
var ErrExists = errors.New("export: the file exists")

// output is a file written whole or not at all: the export writes a
// temporary file beside it (same directory, so the rename is atomic) and
// commit renames it into place; abort removes it. A reader never sees half
// a file, and a failed export leaves nothing behind.
type output struct {
	path, temp string
	overwrite  bool
	file       *os.File
}

// create starts writing path. Unless overwrite, it refuses a path that
// exists: a GeoPackage export must never open an existing file, which may
// be a store.
func create(path string, overwrite bool) (*output, error) {
	if err := checkAbsent(path, overwrite); err != nil {
		return nil, err
	}
	dir, base := filepath.Split(path)
	for range 10 {
		temp := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(temp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		return &output{path: path, temp: temp, overwrite: overwrite, file: f}, nil
	}
	return nil, fmt.Errorf("export: no free temporary name beside %s", path)
}

// checkAbsent fails with ErrExists when path exists and may not be
// replaced.
func checkAbsent(path string, overwrite bool) error {
	if overwrite {
		return nil
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Write appends to the temporary file.
func (o *output) Write(p []byte) (int, error) { return o.file.Write(p) }

// commit makes the temporary file durable and renames it into place.
func (o *output) commit() error {
	err := o.file.Sync()
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = checkAbsent(o.path, o.overwrite) // it may have appeared meanwhile
	}
	if err == nil {
		err = os.Rename(o.temp, o.path)
	}
	if err != nil {
		o.remove()
		return fmt.Errorf("export: write %s: %w", o.path, err)
	}
	return nil
}

// abort gives up: it removes the temporary file and any SQLite side files.
func (o *output) abort() {
	o.file.Close()
	o.remove()
}

func (o *output) remove() {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(o.temp + suffix)
	}
}
