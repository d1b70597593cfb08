package cli

import "github.com/spf13/cobra"

// opsCommands are the operator's commands: backup and restore.
func opsCommands(f *rootFlags) []*cobra.Command { return []*cobra.Command{newBackup(f), newRestore(f)} }
