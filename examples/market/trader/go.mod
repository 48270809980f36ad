module example.com/trader

go 1.26.0

require github.com/cellvet/cellvet v0.0.0

replace github.com/cellvet/cellvet => ../../..
