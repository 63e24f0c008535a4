#pragma once
// The episode-of-care progress report as PDF: header, the plots (each stating its
// method), the session table, the protocol's reasons, the audit of cap changes.

#include "controller/report/report_data.hpp"

#include <string>

namespace tg::report {

// Writes the report; returns the number of pages. Throws ReportError.
int render_report_pdf(const ReportData& data, const std::string& path, Paper paper);

// Frees cairo's and fontconfig's process-wide font caches (call once, when no more
// reports are drawn: at exit, so leak checkers see only real leaks).
void release_font_caches();

} // namespace tg::report
