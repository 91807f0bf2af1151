"""The yearly performance assessment of leading bodies (领导班子实绩考核)."""
