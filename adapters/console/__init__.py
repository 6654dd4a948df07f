"""The console adapter: the reference renderer, the demo and the test harness."""
