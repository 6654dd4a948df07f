"""The features the core ships with; each is a small package that owns one Router."""
