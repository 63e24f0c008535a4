#include "controller/report/pdf_canvas.hpp"

#include "controller/report/report_error.hpp"

#include <cairo-pdf.h>
#include <sstream>

namespace tg::report {

namespace {
constexpr const char* font_family = "DejaVu Sans";
constexpr double header_height = 18.0;
} // namespace

PageSize page_size(Paper paper) {
    return paper == Paper::letter ? PageSize{612.0, 792.0} : PageSize{595.276, 841.89};
}

PdfCanvas::PdfCanvas(const std::string& path, Paper paper, std::string running_header)
    : size_(page_size(paper)), path_(path), header_(std::move(running_header)) {
    surface_ = cairo_pdf_surface_create(path.c_str(), size_.width_pt, size_.height_pt);
    cr_ = cairo_create(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
        throw ReportError(path + ": " + cairo_status_to_string(cairo_surface_status(surface_)));
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, header_.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "treadguard");
    page_header();
}

PdfCanvas::~PdfCanvas() {
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
}

void PdfCanvas::page_header() {
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    font(7.5);
    text_at(left(), margin - 10, header_);
    const std::string page = "page " + std::to_string(pages_);
    text_at(right() - text_width(page), margin - 10, page);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    y_ = margin + header_height - 10;
}

void PdfCanvas::new_page() {
    cairo_show_page(cr_);
    ++pages_;
    page_header();
}

void PdfCanvas::need(double height) {
    if (y_ + height > size_.height_pt - margin) new_page();
}

void PdfCanvas::font(double size, bool bold) {
    cairo_select_font_face(cr_, font_family, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
}

double PdfCanvas::text_width(const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
}

void PdfCanvas::text_at(double x, double y, const std::string& text) {
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, text.c_str());
}

void PdfCanvas::line(const std::string& text, double size, bool bold) {
    need(size * 1.5);
    font(size, bold);
    y_ += size * 1.3;
    text_at(left(), y_, text);
    y_ += size * 0.2;
}

void PdfCanvas::paragraph(const std::string& text, double size, double indent) {
    font(size);
    std::istringstream words(text);
    std::string word, current;
    auto flush = [&] {
        need(size * 1.4);
        y_ += size * 1.35;
        text_at(left() + indent, y_, current);
        current.clear();
    };
    while (words >> word) {
        const std::string candidate = current.empty() ? word : current + " " + word;
        if (!current.empty() && text_width(candidate) > width() - indent) flush();
        current = current.empty() ? word : current + " " + word;
    }
    if (!current.empty()) flush();
}

void PdfCanvas::finish() {
    if (finished_) return;
    finished_ = true;
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
        throw ReportError(path_ + ": " + cairo_status_to_string(cairo_surface_status(surface_)));
}

} // namespace tg::report
