"""File formats SRE Plan reads and writes (OpenSLO, ...); no Qt here."""
