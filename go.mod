module github.com/cellvet/cellvet

go 1.26

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/zeebo/blake3 v0.2.4
)

require github.com/klauspost/cpuid/v2 v2.0.12 // indirect
