"""The member digest: a DM, weekly or monthly, of what is new for each member who asks."""
