"""Layout with ReportLab platypus: document model -> tagged flowables -> PDF bytes."""
