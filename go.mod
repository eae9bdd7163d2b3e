module lookout

go 1.26.8

require (
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/paulmach/orb v0.14.0
	github.com/tidwall/btree v1.8.2
	github.com/tidwall/rtree v1.11.0
	github.com/uber/h3-go/v4 v4.5.0
)

require github.com/tidwall/geoindex v1.7.0 // indirect
