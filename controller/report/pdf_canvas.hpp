#pragma once
// A cairo PDF surface with page flow: text lines, wrapped paragraphs, page breaks with
// a running header. Black, greys and dash patterns only, so it prints in greyscale.
// Text uses DejaVu Sans through fontconfig; cairo embeds the glyphs it uses.

#include "controller/report/report_data.hpp"

#include <cairo.h>
#include <string>

namespace tg::report {

struct PageSize {
    double width_pt, height_pt;
};
PageSize page_size(Paper paper);

class PdfCanvas {
public:
    PdfCanvas(const std::string& path, Paper paper, std::string running_header);
    ~PdfCanvas();
    PdfCanvas(const PdfCanvas&) = delete;
    PdfCanvas& operator=(const PdfCanvas&) = delete;

    cairo_t* cr() { return cr_; }
    double left() const { return margin; }
    double right() const { return size_.width_pt - margin; }
    double width() const { return right() - left(); }
    double y() const { return y_; }
    void advance(double dy) { y_ += dy; }
    // Starts a new page when less than `height` is left on this one.
    void need(double height);
    void new_page();
    int pages() const { return pages_; }

    void font(double size, bool bold = false);
    double text_width(const std::string& text);
    void text_at(double x, double y, const std::string& text);
    // Writes a line at the cursor and moves down.
    void line(const std::string& text, double size = 9.5, bool bold = false);
    // Wraps words to the width (from x) and moves down.
    void paragraph(const std::string& text, double size = 8.5, double indent = 0.0);
    void finish(); // throws ReportError when cairo failed (e.g. cannot write the file)

    static constexpr double margin = 42.0;

private:
    void page_header();

    PageSize size_;
    std::string path_, header_;
    cairo_surface_t* surface_ = nullptr;
    cairo_t* cr_ = nullptr;
    double y_ = margin;
    int pages_ = 1;
    bool finished_ = false;
};

} // namespace tg::report
