"""Chart functions returning matplotlib Figures; imported lazily by the UI. No Qt."""
