package cli

import "github.com/spf13/cobra"

// matchCommands are the commands of industry–academia–research matching.
func matchCommands(f *rootFlags) []*cobra.Command { return nil }
