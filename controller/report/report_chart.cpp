#include "controller/report/report_chart.hpp"

#include "controller/report/report_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tg::report {

namespace {

constexpr double plot_left_pad = 38.0;
constexpr double plot_top_pad = 16.0;
constexpr double plot_bottom_pad = 16.0;
constexpr double legend_pad = 12.0;

struct Frame {
    double x0, y0, w, h; // plot area
    double xmin, xmax, ymin, ymax;
    double px(double x) const { return x0 + (x - xmin) / (xmax - xmin) * w; }
    double py(double y) const { return y0 + h - (y - ymin) / (ymax - ymin) * h; }
};

std::string number(double v) {
    char t[32];
    std::snprintf(t, sizeof t, std::abs(v) >= 100 ? "%.0f" : "%.3g", v);
    return t;
}

void y_range(const Chart& c, double& lo, double& hi) {
    lo = 1e300;
    hi = -1e300;
    auto take = [&](double v) {
        if (!std::isfinite(v)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    };
    for (const auto& s : c.series)
        for (double v : s.y)
            take(v);
    if (c.reference_y) take(*c.reference_y);
    for (double v : c.band_hi)
        if (v >= 0) take(v); // negative: no band that week (nothing two weeks before)
    if (lo > hi) lo = 0, hi = 1;
    lo = c.y_min.value_or(std::min(lo, 0.0));
    hi = c.y_max.value_or(hi + 0.08 * (hi - lo));
    if (hi <= lo) hi = lo + 1;
}

void axes(PdfCanvas& cv, const Chart& c, const Frame& f) {
    cairo_t* cr = cv.cr();
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, f.x0, f.y0, f.w, f.h);
    cairo_stroke(cr);
    cv.font(6.5);
    for (int i = 0; i <= 4; ++i) {
        const double v = f.ymin + (f.ymax - f.ymin) * i / 4.0;
        const double y = f.py(v);
        cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
        cairo_move_to(cr, f.x0, y);
        cairo_line_to(cr, f.x0 + f.w, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        const std::string t = number(v);
        cv.text_at(f.x0 - 3 - cv.text_width(t), y + 2, t);
    }
    const int ticks = std::clamp(static_cast<int>((f.xmax - f.xmin) / 7.0), 1, 6);
    for (int i = 0; i <= ticks; ++i) {
        const double day = f.xmin + (f.xmax - f.xmin) * i / ticks;
        const std::string t = date_from_days(static_cast<long>(std::lround(day))).substr(5);
        cv.text_at(f.px(day) - cv.text_width(t) / 2, f.y0 + f.h + 9, t);
    }
    cairo_save(cr);
    cairo_move_to(cr, f.x0 - 30, f.y0 + f.h / 2 + cv.text_width(c.y_label) / 2);
    cairo_rotate(cr, -M_PI / 2);
    cairo_show_text(cr, c.y_label.c_str());
    cairo_restore(cr);
}

void dash(cairo_t* cr, SeriesStyle style) {
    static const double dashes[] = {4.0, 2.5};
    if (style == SeriesStyle::dashed_line)
        cairo_set_dash(cr, dashes, 2, 0);
    else
        cairo_set_dash(cr, nullptr, 0, 0);
}

void series(PdfCanvas& cv, const ChartSeries& s, const Frame& f, double bar_w) {
    cairo_t* cr = cv.cr();
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.1);
    dash(cr, s.style);
    bool pen = false;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!std::isfinite(s.y[i])) {
            pen = false;
            continue;
        }
        const double x = f.px(s.x[i]), y = f.py(s.y[i]);
        if (s.style == SeriesStyle::bars) {
            cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
            cairo_rectangle(cr, x - bar_w / 2, y, bar_w, f.py(std::max(f.ymin, 0.0)) - y);
            cairo_fill(cr);
        } else if (s.style == SeriesStyle::markers) {
            cairo_rectangle(cr, x - 1.8, y - 1.8, 3.6, 3.6);
            cairo_fill(cr);
        } else {
            if (pen)
                cairo_line_to(cr, x, y);
            else
                cairo_move_to(cr, x, y);
            pen = true;
            cairo_arc(cr, x, y, 1.2, 0, 2 * M_PI); // a dot at each session
            cairo_move_to(cr, x, y);
        }
    }
    if (s.style == SeriesStyle::solid_line || s.style == SeriesStyle::dashed_line) cairo_stroke(cr);
    dash(cr, SeriesStyle::solid_line);
}

void legend(PdfCanvas& cv, const Chart& c, const Frame& f) {
    cairo_t* cr = cv.cr();
    cv.font(6.5);
    double x = f.x0;
    const double y = f.y0 + f.h + legend_pad + 8;
    auto item = [&](const std::string& label, auto&& swatch) {
        swatch(x, y - 2.5);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cv.text_at(x + 16, y, label);
        x += 24 + cv.text_width(label);
    };
    for (const auto& s : c.series)
        item(s.label, [&](double sx, double sy) {
            if (s.style == SeriesStyle::bars) {
                cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
                cairo_rectangle(cr, sx, sy - 3, 12, 6);
                cairo_fill(cr);
            } else if (s.style == SeriesStyle::markers) {
                cairo_rectangle(cr, sx + 4, sy - 1.8, 3.6, 3.6);
                cairo_fill(cr);
            } else {
                dash(cr, s.style);
                cairo_set_line_width(cr, 1.1);
                cairo_move_to(cr, sx, sy);
                cairo_line_to(cr, sx + 12, sy);
                cairo_stroke(cr);
                dash(cr, SeriesStyle::solid_line);
            }
        });
    if (c.reference_y)
        item(c.reference_label, [&](double sx, double sy) {
            static const double dots[] = {1.0, 1.5};
            cairo_set_dash(cr, dots, 2, 0);
            cairo_set_line_width(cr, 1.0);
            cairo_move_to(cr, sx, sy);
            cairo_line_to(cr, sx + 12, sy);
            cairo_stroke(cr);
            cairo_set_dash(cr, nullptr, 0, 0);
        });
    if (!c.band_x.empty())
        item(c.band_label, [&](double sx, double sy) {
            cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
            cairo_rectangle(cr, sx, sy - 3, 12, 6);
            cairo_fill(cr);
        });
}

} // namespace

void draw_chart(PdfCanvas& cv, const Chart& c) {
    const double method_lines = 2.0;
    cv.need(chart_height + method_lines * 11 + 20);
    cv.line(c.title, 10, true);
    cv.paragraph(c.method, 7.5);
    Frame f{};
    f.x0 = cv.left() + plot_left_pad;
    f.y0 = cv.y() + plot_top_pad - 8;
    f.w = cv.width() - plot_left_pad;
    f.h = chart_height - plot_top_pad - plot_bottom_pad - legend_pad;
    f.xmin = c.x_min - 1;
    f.xmax = std::max(c.x_max + 1, c.x_min + 2);
    y_range(c, f.ymin, f.ymax);
    cairo_t* cr = cv.cr();
    if (!c.band_x.empty()) { // "at most" band: shaded from 0 to its upper edge
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        for (std::size_t i = 0; i < c.band_x.size(); ++i) {
            if (!(c.band_hi[i] >= 0)) continue;
            const double x = f.px(c.band_x[i]), w = f.w / std::max(1.0, (f.xmax - f.xmin) / 7.0);
            cairo_rectangle(cr, x - w / 2, f.py(c.band_hi[i]), w, f.py(0) - f.py(c.band_hi[i]));
        }
        cairo_fill(cr);
    }
    axes(cv, c, f);
    const double bar_w = std::max(2.0, 0.6 * f.w / std::max(1.0, (f.xmax - f.xmin) / 7.0));
    for (const auto& s : c.series)
        series(cv, s, f, bar_w);
    if (c.reference_y) {
        static const double dots[] = {1.0, 1.5};
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_dash(cr, dots, 2, 0);
        cairo_move_to(cr, f.x0, f.py(*c.reference_y));
        cairo_line_to(cr, f.x0 + f.w, f.py(*c.reference_y));
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    legend(cv, c, f);
    cv.advance(chart_height);
}

} // namespace tg::report
