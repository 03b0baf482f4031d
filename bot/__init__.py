"""weiquan's running application: CLI, config, store, service, transports."""
