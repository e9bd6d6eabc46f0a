#include "insolepose/media/Charts.h"

#include "ImageFile.h"
#include "insolepose/Error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace insolepose {
namespace {

const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225), kWhite(255, 255, 255);
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

// Colour-blind-safe series colours (Okabe-Ito), as BGR.
const cv::Scalar kSeries[] = {{178, 114, 0},   {0, 159, 230}, {115, 158, 0},
                              {167, 121, 204}, {0, 94, 213},  {233, 180, 86}};

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale, const cv::Scalar& colour, int thickness = 1)
{
    cv::putText(img, s, at, kFont, scale, colour, thickness, cv::LINE_AA);
}

int textWidth(const std::string& s, double scale, int thickness = 1)
{
    int base = 0;
    return cv::getTextSize(s, kFont, scale, thickness, &base).width;
}

/// Text turned 90 degrees counter-clockwise, its end at `bottomRight`... drawn bottom-up.
void verticalText(cv::Mat& img, const std::string& s, cv::Point bottomCentre, double scale)
{
    int base = 0;
    const cv::Size size = cv::getTextSize(s, kFont, scale, 1, &base);
    cv::Mat strip(size.height + base + 4, size.width + 4, CV_8UC3, kWhite);
    text(strip, s, {2, size.height + 2}, scale, kInk);
    cv::Mat turned;
    cv::rotate(strip, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    const cv::Rect where(bottomCentre.x - turned.cols / 2, bottomCentre.y - turned.rows, turned.cols, turned.rows);
    const cv::Rect clipped = where & cv::Rect(0, 0, img.cols, img.rows);
    if (clipped.area() > 0)
        turned(cv::Rect(clipped.x - where.x, clipped.y - where.y, clipped.width, clipped.height)).copyTo(img(clipped));
}

std::string format(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, std::abs(v) >= 100 ? "%.0f" : std::abs(v) >= 10 ? "%.1f" : "%.2f", v);
    return buf;
}

double niceStep(double range)
{
    const double raw = range / 5.0;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * p)
            return m * p;
    return 10 * p;
}

void save(const std::filesystem::path& png, const cv::Mat& img) { detail::writeImageFile(png, img, "chart", true); }

} // namespace

void writeBarChartPng(const std::filesystem::path& png, const std::string& title,
                      const std::vector<std::string>& categories, const std::vector<BarSeries>& series,
                      const std::string& valueLabel)
{
    if (categories.empty() || series.empty())
        throw Error("chart " + png.string() + ": nothing to draw");
    double top = 0;
    for (const auto& s : series) {
        if (s.values.size() != categories.size())
            throw Error("chart " + png.string() + ": series '" + s.name + "' has " + std::to_string(s.values.size()) +
                        " values for " + std::to_string(categories.size()) + " categories");
        for (double v : s.values)
            if (std::isfinite(v))
                top = std::max(top, v);
    }
    if (top <= 0)
        top = 1;
    const double step = niceStep(top * 1.1);
    const double axisTop = std::ceil(top * 1.1 / step) * step;
    try {
        int labelSpace = 0;
        for (const auto& c : categories)
            labelSpace = std::max(labelSpace, textWidth(c, 0.45));
        const int bar = series.size() == 1 ? 34 : std::max(12, 60 / int(series.size()));
        const int group = bar * int(series.size()) + 18;
        const int left = 70, right = 20, topMargin = 60 + (series.size() > 1 ? 24 : 0), bottom = labelSpace + 20;
        const int plotH = 320, plotW = std::max(420, group * int(categories.size()));
        cv::Mat img(topMargin + plotH + bottom, left + plotW + right, CV_8UC3, kWhite);
        text(img, title, {left, 30}, 0.65, kInk, 2);
        if (series.size() > 1) {
            int x = left;
            for (std::size_t s = 0; s < series.size(); ++s) {
                cv::rectangle(img, cv::Rect(x, 44, 14, 14), kSeries[s % 6], cv::FILLED);
                text(img, series[s].name, {x + 18, 56}, 0.45, kInk);
                x += 30 + textWidth(series[s].name, 0.45);
            }
        }
        const auto yOf = [&](double v) { return topMargin + plotH - int(std::lround(v / axisTop * plotH)); };
        for (double v = 0; v <= axisTop + 1e-9; v += step) {
            const int y = yOf(v);
            cv::line(img, {left, y}, {left + plotW, y}, kGrid, 1);
            const std::string s = format(v);
            text(img, s, {left - 8 - textWidth(s, 0.4), y + 5}, 0.4, kInk);
        }
        verticalText(img, valueLabel, {16, topMargin + plotH / 2 + textWidth(valueLabel, 0.45) / 2}, 0.45);
        for (std::size_t c = 0; c < categories.size(); ++c) {
            const int gx = left + int(c) * group + 9;
            for (std::size_t s = 0; s < series.size(); ++s) {
                const double v = series[s].values[c];
                if (!std::isfinite(v))
                    continue;
                const int x = gx + int(s) * bar, y = yOf(v);
                cv::rectangle(img, cv::Rect(x, y, bar - 2, topMargin + plotH - y), kSeries[s % 6], cv::FILLED);
                const std::string label = format(v);
                const double scale = series.size() > 2 ? 0.3 : 0.38;
                text(img, label, {x + (bar - 2 - textWidth(label, scale)) / 2, y - 4}, scale, kInk);
            }
            verticalText(img, categories[c],
                         {gx + group / 2 - 9, topMargin + plotH + 8 + textWidth(categories[c], 0.45)}, 0.45);
        }
        cv::line(img, {left, topMargin + plotH}, {left + plotW, topMargin + plotH}, kInk, 1);
        save(png, img);
    } catch (const cv::Exception& e) { // e.g. a canvas too large to allocate: never an abort
        throw IoError("chart " + png.string() + ": cannot draw: " + e.err);
    }
}

void writeMatrixPng(const std::filesystem::path& png, const std::string& title, const std::vector<std::string>& labels,
                    const std::vector<std::vector<double>>& matrix, const std::string& rowAxis,
                    const std::string& columnAxis)
{
    const std::size_t n = labels.size();
    if (n == 0 || matrix.size() != n)
        throw Error("chart " + png.string() + ": the matrix has " + std::to_string(matrix.size()) + " rows for " +
                    std::to_string(n) + " labels");
    for (const auto& row : matrix)
        if (row.size() != n)
            throw Error("chart " + png.string() + ": a matrix row has " + std::to_string(row.size()) + " values for " +
                        std::to_string(n) + " labels");
    try {
        int labelW = 0;
        for (const auto& l : labels)
            labelW = std::max(labelW, textWidth(l, 0.45));
        const int cell = 64, left = labelW + 50, top = labelW + 70;
        cv::Mat img(top + int(n) * cell + 20, left + int(n) * cell + 20, CV_8UC3, kWhite);
        text(img, title, {10, 28}, 0.65, kInk, 2);
        text(img, columnAxis, {left, 52}, 0.45, kInk);
        verticalText(img, rowAxis, {16, top + int(n) * cell / 2 + textWidth(rowAxis, 0.45) / 2}, 0.45);
        cv::Mat shade(1, 256, CV_8UC1);
        for (int i = 0; i < 256; ++i)
            shade.at<std::uint8_t>(0, i) = std::uint8_t(i);
        cv::Mat lut;
        cv::applyColorMap(shade, lut, cv::COLORMAP_VIRIDIS);
        for (std::size_t r = 0; r < n; ++r) {
            double rowSum = 0;
            for (double v : matrix[r])
                rowSum += std::isfinite(v) ? v : 0;
            text(img, labels[r], {left - 8 - textWidth(labels[r], 0.45), top + int(r) * cell + cell / 2 + 5}, 0.45,
                 kInk);
            for (std::size_t c = 0; c < n; ++c) {
                const double share = rowSum > 0 ? matrix[r][c] / rowSum : 0;
                const auto colour = lut.at<cv::Vec3b>(0, std::clamp(int(share * 255), 0, 255));
                const cv::Rect box(left + int(c) * cell, top + int(r) * cell, cell - 2, cell - 2);
                cv::rectangle(img, box, cv::Scalar(colour[0], colour[1], colour[2]), cv::FILLED);
                const std::string s = format(matrix[r][c]);
                text(img, s, {box.x + (box.width - textWidth(s, 0.42)) / 2, box.y + box.height / 2 + 5}, 0.42,
                     share > 0.55 ? kInk : kWhite);
            }
        }
        for (std::size_t c = 0; c < n; ++c)
            verticalText(img, labels[c], {left + int(c) * cell + cell / 2, top - 6}, 0.45);
        save(png, img);
    } catch (const cv::Exception& e) { // e.g. a canvas too large to allocate: never an abort
        throw IoError("chart " + png.string() + ": cannot draw: " + e.err);
    }
}

} // namespace insolepose
