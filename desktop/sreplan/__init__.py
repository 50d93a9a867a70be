"""SRE Plan: offline planning of SRE engagements with product teams."""

__version__ = "0.1.0"
