"""Operations: what the process did since the last summary, for its operator."""
