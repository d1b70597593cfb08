// Command kechuang runs a district's science-and-technology innovation system.
package main

import (
	"os"

	"github.com/kechuang/kechuang/internal/cli"
)

func main() { os.Exit(cli.Main()) }
