module example.com/lspfixture

go 1.26.0

require github.com/cellvet/cellvet v0.0.0

require (
	github.com/klauspost/cpuid/v2 v2.0.12 // indirect
	github.com/zeebo/blake3 v0.2.4 // indirect
)

replace github.com/cellvet/cellvet => ../../../..
