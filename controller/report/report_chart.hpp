#pragma once
// One time-series plot of the report: dates on x, one value axis, lines, markers or
// bars, an optional reference line or band, a title and the method in words.
// Series are told apart by line style and marker shape, never by colour alone.

#include "controller/report/pdf_canvas.hpp"

#include <optional>
#include <string>
#include <vector>

namespace tg::report {

enum class SeriesStyle { solid_line, dashed_line, bars, markers };

struct ChartSeries {
    std::string label;
    SeriesStyle style = SeriesStyle::solid_line;
    std::vector<double> x; // days since 1970-01-01
    std::vector<double> y; // NaN: no value (gap)
};

struct Chart {
    std::string title;
    std::string method;
    std::string y_label;
    double x_min = 0.0, x_max = 1.0; // days
    std::vector<ChartSeries> series;
    std::optional<double> reference_y;
    std::string reference_label;
    std::vector<double> band_x, band_hi; // a shaded "at most" band, when not empty
    std::string band_label;
    std::optional<double> y_min, y_max; // else from the data
};

inline constexpr double chart_height = 150.0;

// Draws at the canvas cursor (breaking the page first if needed) and moves it down.
void draw_chart(PdfCanvas& canvas, const Chart& chart);

} // namespace tg::report
