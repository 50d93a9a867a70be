"""The Capacity section: resources, demand history, events, benchmarks, outlook and what-if."""
