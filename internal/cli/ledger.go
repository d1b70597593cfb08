package cli

import "github.com/spf13/cobra"

// ledgerCommands are the commands of the ledgers (technology contracts,
// IP-value loans, incubation, talent).
func ledgerCommands(f *rootFlags) []*cobra.Command { return nil }
